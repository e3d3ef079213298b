using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifier.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Dossier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DossierFacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SectorOfActivity = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    SubjectCategories = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    SubjectCategoriesUnknownReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    SubjectCount = table.Column<int>(type: "int", nullable: true),
                    SubjectCountUnknownReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DirectlyIdentifiable = table.Column<bool>(type: "bit", nullable: true),
                    RecordCount = table.Column<int>(type: "int", nullable: true),
                    RecordCountUnknownReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DataCategoriesUnknownReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    StorageMedia = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Consequences = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Harms = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ConsequencesText = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    MeasuresImmediate = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    MeasuresMediumTerm = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    MeasuresLongTerm = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    InformationWhen = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    InformationHow = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    InformationText = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    CrossBorder = table.Column<bool>(type: "bit", nullable: true),
                    CrossBorderDetails = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    OtherAuthorities = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    HealthScope = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    HealthSystems = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    HealthHandlingStatus = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    HealthImpacts = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DossierFacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DossierFacts_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DossierFacts_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceOptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    List = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Code = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Label = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceOptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RiskAssessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SimpleScore = table.Column<int>(type: "int", nullable: true),
                    SimpleJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    BehaviouralScore = table.Column<int>(type: "int", nullable: true),
                    BehaviouralJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    FinancialScore = table.Column<int>(type: "int", nullable: true),
                    FinancialJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    SensitiveScore = table.Column<int>(type: "int", nullable: true),
                    SensitiveJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    EaseOfIdentification = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EaseJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Confidentiality = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Integrity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Availability = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    MaliciousIntent = table.Column<bool>(type: "bit", nullable: false),
                    DataUnintelligible = table.Column<bool>(type: "bit", nullable: false),
                    Reasoning = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    SeverityQuarters = table.Column<int>(type: "int", nullable: false),
                    Band = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    MoreThan100Persons = table.Column<bool>(type: "bit", nullable: false),
                    AssessedBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    AssessedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RiskAssessments_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RiskDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    NotifyCnil = table.Column<bool>(type: "bit", nullable: false),
                    InformPersons = table.Column<bool>(type: "bit", nullable: false),
                    Exemption = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Justification = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ExemptionEvidence = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    PublicCommunicationChannel = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PublicCommunicationAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PublicCommunicationText = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ProposedNotifyCnil = table.Column<bool>(type: "bit", nullable: false),
                    ProposedInformPersons = table.Column<bool>(type: "bit", nullable: false),
                    SeverityQuarters = table.Column<int>(type: "int", nullable: true),
                    Band = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    OrderReference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    OrderedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecidedBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RiskDecisions_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StoredDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", maxLength: 10485760, nullable: false),
                    Size = table.Column<int>(type: "int", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StoredDocuments_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CnilNotifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ControllerCaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    InitialId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Sequence = table.Column<int>(type: "int", nullable: false),
                    SnapshotJson = table.Column<string>(type: "nvarchar(max)", maxLength: 200000, nullable: false),
                    Complete = table.Column<bool>(type: "bit", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FiledAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CnilNumber = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReasonsForDelay = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    FiledLate = table.Column<bool>(type: "bit", nullable: false),
                    DueAtFilingUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FiledBy = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    FiledRecordedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SummaryDocumentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CnilNotifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CnilNotifications_CnilNotifications_InitialId",
                        column: x => x.InitialId,
                        principalTable: "CnilNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CnilNotifications_ControllerCases_ControllerCaseId",
                        column: x => x.ControllerCaseId,
                        principalTable: "ControllerCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CnilNotifications_StoredDocuments_SummaryDocumentId",
                        column: x => x.SummaryDocumentId,
                        principalTable: "StoredDocuments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CnilNotifications_ControllerCaseId_Sequence",
                table: "CnilNotifications",
                columns: new[] { "ControllerCaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CnilNotifications_InitialId",
                table: "CnilNotifications",
                column: "InitialId");

            migrationBuilder.CreateIndex(
                name: "IX_CnilNotifications_SummaryDocumentId",
                table: "CnilNotifications",
                column: "SummaryDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DossierFacts_ControllerCaseId",
                table: "DossierFacts",
                column: "ControllerCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DossierFacts_IncidentId_ControllerCaseId",
                table: "DossierFacts",
                columns: new[] { "IncidentId", "ControllerCaseId" },
                unique: true,
                filter: "[ControllerCaseId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ReferenceOptions_List_Code",
                table: "ReferenceOptions",
                columns: new[] { "List", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssessments_ControllerCaseId",
                table: "RiskAssessments",
                column: "ControllerCaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RiskDecisions_ControllerCaseId_DecidedAtUtc",
                table: "RiskDecisions",
                columns: new[] { "ControllerCaseId", "DecidedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_StoredDocuments_ControllerCaseId",
                table: "StoredDocuments",
                column: "ControllerCaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CnilNotifications");

            migrationBuilder.DropTable(
                name: "DossierFacts");

            migrationBuilder.DropTable(
                name: "ReferenceOptions");

            migrationBuilder.DropTable(
                name: "RiskAssessments");

            migrationBuilder.DropTable(
                name: "RiskDecisions");

            migrationBuilder.DropTable(
                name: "StoredDocuments");
        }
    }
}
