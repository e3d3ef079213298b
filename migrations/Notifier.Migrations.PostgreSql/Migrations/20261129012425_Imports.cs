using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Notifier.Migrations.PostgreSql.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    FileSize = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RequestedEncoding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DetectedEncoding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Delimiter = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    MappingJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RowsTotal = table.Column<int>(type: "integer", nullable: true),
                    RowsRead = table.Column<int>(type: "integer", nullable: false),
                    RecordsCommitted = table.Column<int>(type: "integer", nullable: false),
                    Imported = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    Merged = table.Column<int>(type: "integer", nullable: false),
                    Rejected = table.Column<int>(type: "integer", nullable: false),
                    FlaggedForReview = table.Column<int>(type: "integer", nullable: false),
                    WithWarnings = table.Column<int>(type: "integer", nullable: false),
                    LinkedAcrossLabs = table.Column<int>(type: "integer", nullable: false),
                    IssueCount = table.Column<int>(type: "integer", nullable: false),
                    Failure = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    ImportRunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    SealedBytes = table.Column<byte[]>(type: "bytea", nullable: false)
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
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImportRunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Column = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Rule = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SealedText = table.Column<byte[]>(type: "bytea", maxLength: 8192, nullable: false)
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
