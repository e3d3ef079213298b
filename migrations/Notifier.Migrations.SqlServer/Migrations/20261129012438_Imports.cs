using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifier.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DataSubjects_ControllerCaseId_LabPatientIdIndex",
                table: "DataSubjects");

            migrationBuilder.DropIndex(
                name: "IX_DataSubjects_IdentityIndex",
                table: "DataSubjects");

            migrationBuilder.DropIndex(
                name: "IX_DataSubjects_NirIndex",
                table: "DataSubjects");

            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "DataSubjects",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    FileSize = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedEncoding = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DetectedEncoding = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Delimiter = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: true),
                    MappingJson = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    RowsTotal = table.Column<int>(type: "int", nullable: true),
                    RowsRead = table.Column<int>(type: "int", nullable: false),
                    RecordsCommitted = table.Column<int>(type: "int", nullable: false),
                    Imported = table.Column<int>(type: "int", nullable: false),
                    Updated = table.Column<int>(type: "int", nullable: false),
                    Unchanged = table.Column<int>(type: "int", nullable: false),
                    Merged = table.Column<int>(type: "int", nullable: false),
                    Rejected = table.Column<int>(type: "int", nullable: false),
                    FlaggedForReview = table.Column<int>(type: "int", nullable: false),
                    WithWarnings = table.Column<int>(type: "int", nullable: false),
                    LinkedAcrossLabs = table.Column<int>(type: "int", nullable: false),
                    IssueCount = table.Column<int>(type: "int", nullable: false),
                    Failure = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRuns_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportFileSegments",
                columns: table => new
                {
                    ImportRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    SealedBytes = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportFileSegments", x => new { x.ImportRunId, x.Number });
                    table.ForeignKey(
                        name: "FK_ImportFileSegments_ImportRuns_ImportRunId",
                        column: x => x.ImportRunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportIssues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ImportRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Sequence = table.Column<int>(type: "int", nullable: false),
                    Line = table.Column<int>(type: "int", nullable: false),
                    Column = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Rule = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    SealedText = table.Column<byte[]>(type: "varbinary(max)", maxLength: 8192, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportIssues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportIssues_ImportRuns_ImportRunId",
                        column: x => x.ImportRunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportIssues_ImportRunId_Sequence",
                table: "ImportIssues",
                columns: new[] { "ImportRunId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportIssues_ImportRunId_Severity_Line",
                table: "ImportIssues",
                columns: new[] { "ImportRunId", "Severity", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_ControllerCaseId_CreatedAtUtc",
                table: "ImportRuns",
                columns: new[] { "ControllerCaseId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_State_CreatedAtUtc",
                table: "ImportRuns",
                columns: new[] { "State", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportFileSegments");

            migrationBuilder.DropTable(
                name: "ImportIssues");

            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "DataSubjects");

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_ControllerCaseId_LabPatientIdIndex",
                table: "DataSubjects",
                columns: new[] { "ControllerCaseId", "LabPatientIdIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_IdentityIndex",
                table: "DataSubjects",
                column: "IdentityIndex");

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_NirIndex",
                table: "DataSubjects",
                column: "NirIndex");
        }
    }
}
