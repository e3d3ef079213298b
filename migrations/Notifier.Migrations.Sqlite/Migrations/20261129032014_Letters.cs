using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifier.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Letters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LetterTemplateVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterTemplateVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PostalBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Zone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LetterCount = table.Column<int>(type: "INTEGER", nullable: false),
                    GeneratedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PageCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SheetCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GeneratedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PrintedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PostedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DepositProof = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostalBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostalBatches_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostalBatchFiles",
                columns: table => new
                {
                    PostalBatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Zip = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostalBatchFiles", x => x.PostalBatchId);
                    table.ForeignKey(
                        name: "FK_PostalBatchFiles_PostalBatches_PostalBatchId",
                        column: x => x.PostalBatchId,
                        principalTable: "PostalBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostalLetters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostalBatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DataSubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Departement = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    SkipReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReturnedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostalLetters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostalLetters_DataSubjects_DataSubjectId",
                        column: x => x.DataSubjectId,
                        principalTable: "DataSubjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PostalLetters_PostalBatches_PostalBatchId",
                        column: x => x.PostalBatchId,
                        principalTable: "PostalBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LetterTemplateVersions_Language_Version",
                table: "LetterTemplateVersions",
                columns: new[] { "Language", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PostalBatches_ControllerCaseId_Number",
                table: "PostalBatches",
                columns: new[] { "ControllerCaseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_DataSubjectId",
                table: "PostalLetters",
                column: "DataSubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_PostalBatchId_Sequence",
                table: "PostalLetters",
                columns: new[] { "PostalBatchId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LetterTemplateVersions");

            migrationBuilder.DropTable(
                name: "PostalBatchFiles");

            migrationBuilder.DropTable(
                name: "PostalLetters");

            migrationBuilder.DropTable(
                name: "PostalBatches");
        }
    }
}
