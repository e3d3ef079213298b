namespace Notifier.Core.Synthetic;

// One row of the canonical patient import file (PatientCsv.Columns), entirely invented by SyntheticPatients.
// Property names follow Subjects.SubjectPayload, into which the importer maps each row; the column of each
// property is given on the right. Optional columns are null when the lab's export leaves them empty.
public sealed record SyntheticPatient(
    string LabPatientId,        // lab_patient_id
    string Civility,            // civilite: "M." or "Mme"
    string LastName,            // nom (usage name)
    string? BirthName,          // nom_naissance: set for some married women
    string FirstName,           // prenom
    string Sex,                 // sexe: "M" or "F"
    DateOnly BirthDate,         // date_naissance
    string? Nir,                // nir: 15 characters, no spaces
    string AddressLine1,        // adresse1
    string? AddressLine2,       // adresse2
    string? AddressLine3,       // adresse3
    string PostalCode,          // code_postal
    string City,                // ville
    string Country,             // pays: FRANCE, BELGIQUE or ALLEMAGNE
    string? Phone,              // telephone
    string? Email,              // email: reserved example.* domains only
    string? BloodGroup,         // groupe_sanguin
    string? TreatingDoctor,     // medecin_traitant
    string? HealthInsurer,      // mutuelle
    string? Comment,            // commentaire
    string? Treatments,         // traitements
    string? Pathologies,        // pathologies
    DateOnly SampleDate,        // date_prelevement
    bool ParentalOpposition);   // opposition_parents: the minor refused that parents be informed (CSP L.1111-5)
