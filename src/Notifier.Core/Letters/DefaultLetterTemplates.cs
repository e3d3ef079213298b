namespace Notifier.Core.Letters;

// The wording shipped with Notifier (version 1 of each language). An admin publishes new versions in the app;
// every letter records the version it used. Plain language, no health detail, categories only (regulation.md §8 rule 5).
public static class DefaultLetterTemplates
{
    public static LetterTemplate For(string language) => language == "en" ? English : French;

    public static readonly LetterTemplate French = new()
    {
        Language = "fr",
        Version = 1,
        Subject = "Information importante : violation de données personnelles vous concernant",
        Salutation = "Madame, Monsieur,",
        Introduction = "{laboratoire}, responsable du traitement de vos données, vous informe d'un incident de sécurité "
            + "qui concerne certaines de vos données personnelles. Ce courrier vous est adressé personnellement, conformément à "
            + "l'article 34 du règlement général sur la protection des données (RGPD).",
        IntroductionMinor = "{laboratoire}, responsable du traitement des données, vous adresse ce courrier en tant que "
            + "représentant légal de {enfant}. Un incident de sécurité concerne certaines données personnelles de votre enfant. "
            + "Ce courrier vous est adressé conformément à l'article 34 du règlement général sur la protection des données (RGPD).",
        Nature = "Notre prestataire informatique, qui exploitait le logiciel de gestion du laboratoire, a extrait lors d'une migration "
            + "plus de données que nécessaire et les a conservées sur un serveur insuffisamment protégé. Un fichier contenant des "
            + "données de patients de plusieurs laboratoires a ensuite été publié sur Internet. Il s'agit d'une violation de la "
            + "confidentialité des données : des personnes non autorisées ont pu en prendre connaissance.",
        ExposedIntroduction = "D'après notre analyse, les catégories de données suivantes figuraient dans ce fichier (nous ne reproduisons "
            + "aucune de ces données dans ce courrier) :",
        HealthData = "Des informations relatives à la santé figuraient aussi dans ce fichier. Par discrétion, ce courrier n'en indique "
            + "que la nature, jamais le contenu. Vous pouvez savoir précisément ce qui vous concerne en contactant notre délégué à la "
            + "protection des données (coordonnées ci-dessous).",
        Consequences = "Ces données peuvent être utilisées pour tenter de vous tromper : messages, appels ou courriers frauduleux qui "
            + "semblent crédibles parce qu'ils citent des informations exactes, tentatives d'usurpation d'identité ou d'escroquerie. "
            + "La divulgation d'informations de santé peut aussi porter atteinte à votre vie privée.",
        Measures = "Dès que nous en avons eu connaissance, nous avons demandé le retrait du fichier, obtenu la fermeture du serveur "
            + "concerné, notifié la Commission nationale de l'informatique et des libertés (CNIL) et signalé l'incident aux autorités "
            + "sanitaires. Nous avons renforcé les conditions de nos échanges de données avec notre prestataire et une plainte a été déposée.",
        PhishingAdvice = "Soyez vigilant face aux messages, SMS, appels ou courriers inattendus, même s'ils mentionnent votre nom, votre "
            + "adresse ou votre laboratoire : ne communiquez jamais vos coordonnées bancaires, mots de passe ou codes reçus par SMS.",
        IdentityTheftAdvice = "Votre numéro de sécurité sociale figurait dans le fichier : surveillez vos relevés de l'Assurance maladie et "
            + "vos comptes, et signalez toute démarche que vous n'avez pas faite. Ne communiquez jamais ce numéro à un interlocuteur "
            + "qui vous contacte de lui-même.",
        DoctorAdvice = "Le nom de votre médecin figurait dans le fichier : méfiez-vous d'un appel ou d'un message qui se recommanderait "
            + "de lui pour obtenir des informations ou un paiement.",
        InsurerAdvice = "Le nom de votre organisme complémentaire figurait dans le fichier : méfiez-vous des sollicitations qui s'en "
            + "réclameraient et vérifiez-les auprès de lui, avec les coordonnées figurant sur vos documents habituels.",
        CredentialsAdvice = "Vos identifiants du portail patient figuraient dans le fichier : changez votre mot de passe sur ce portail et "
            + "sur tout autre service où vous utilisiez le même.",
        GeneralAdvice = "Méfiez-vous des appels qui citent des informations médicales pour gagner votre confiance : le laboratoire ne "
            + "vous demandera jamais de paiement ni de mot de passe par téléphone. En cas de doute ou si vous êtes victime d'une "
            + "escroquerie, consultez cybermalveillance.gouv.fr et déposez plainte.",
        Contact = "Pour toute question, ou pour savoir précisément quelles données vous concernent, contactez notre délégué à la "
            + "protection des données. Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).",
        Verification = "Pour vérifier que ce courrier provient bien du laboratoire, rendez-vous sur {verification} et saisissez le code "
            + "{code}. Ce code ne donne accès à aucune donnée personnelle.",
        Closing = "Nous regrettons sincèrement cet incident et vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        HeadingNature = "Ce qui s'est passé",
        HeadingData = "Les données concernées",
        HeadingConsequences = "Les conséquences possibles",
        HeadingMeasures = "Les mesures que nous avons prises",
        HeadingAdvice = "Ce que nous vous conseillons",
        HeadingContact = "Nous contacter",
        LabelController = "Responsable du traitement",
        LabelReference = "Référence",
        LabelCode = "Code du courrier",
        LabelPage = "Page {0} / {1}",
        LabelSignatureRole = "La direction du laboratoire",
    };

    public static readonly LetterTemplate English = new()
    {
        Language = "en",
        Version = 1,
        Subject = "Important information: a personal data breach concerning you",
        Salutation = "Dear Sir or Madam,",
        Introduction = "{laboratoire}, the controller of your data, is writing to inform you of a security incident that "
            + "concerns some of your personal data. This letter is sent to you personally under Article 34 of the General Data "
            + "Protection Regulation (GDPR).",
        IntroductionMinor = "{laboratoire}, the controller of the data, is writing to you as the legal representative of "
            + "{enfant}. A security incident concerns some of your child's personal data. This letter is sent under Article 34 of the "
            + "General Data Protection Regulation (GDPR).",
        Nature = "Our IT provider, which ran the laboratory's management software, extracted more data than needed during a migration "
            + "and kept them on a poorly protected server. A file holding patient data of several laboratories was then published on "
            + "the Internet. This is a breach of confidentiality: unauthorised persons may have seen the data.",
        ExposedIntroduction = "According to our analysis, the following categories of data were in that file (none of these data is "
            + "repeated in this letter):",
        HealthData = "Health-related information was also in the file. For your privacy this letter names only its kind, never its "
            + "content. You can find out exactly what concerns you by contacting our data protection officer (details below).",
        Consequences = "These data may be used to deceive you: fraudulent messages, calls or letters that seem credible because they quote "
            + "accurate information, identity theft or scams. The disclosure of health information may also harm your privacy.",
        Measures = "As soon as we became aware of it, we requested the removal of the file, had the server closed, notified the French "
            + "data protection authority (CNIL) and reported the incident to the health authorities. We have strengthened the "
            + "conditions of our data exchanges with our provider, and a complaint has been filed.",
        PhishingAdvice = "Be wary of unexpected messages, texts, calls or letters, even if they mention your name, your address or your "
            + "laboratory: never give your bank details, passwords or codes received by text message.",
        IdentityTheftAdvice = "Your social security number was in the file: check your health insurance statements and your accounts, "
            + "and report anything you did not do. Never give this number to someone who contacts you unprompted.",
        DoctorAdvice = "Your doctor's name was in the file: be wary of a call or message that uses it to obtain information or a payment.",
        InsurerAdvice = "The name of your health insurer was in the file: be wary of requests claiming to come from it and check them "
            + "with the insurer, using the contact details on your usual documents.",
        CredentialsAdvice = "Your patient portal credentials were in the file: change your password on that portal and on any other "
            + "service where you used the same one.",
        GeneralAdvice = "Be wary of callers who quote medical information to gain your trust: the laboratory will never ask you for a "
            + "payment or a password by phone. If in doubt, or if you are the victim of a scam, see cybermalveillance.gouv.fr and "
            + "report it to the police.",
        Contact = "For any question, or to find out exactly which data concern you, contact our data protection officer. You may also "
            + "lodge a complaint with the CNIL (www.cnil.fr).",
        Verification = "To check that this letter really comes from the laboratory, go to {verification} and enter the code {code}. "
            + "This code gives access to no personal data.",
        Closing = "We sincerely regret this incident. Yours faithfully,",
        HeadingNature = "What happened",
        HeadingData = "The data concerned",
        HeadingConsequences = "Possible consequences",
        HeadingMeasures = "What we have done",
        HeadingAdvice = "What we advise",
        HeadingContact = "Contact us",
        LabelController = "Data controller",
        LabelReference = "Reference",
        LabelCode = "Letter code",
        LabelPage = "Page {0} / {1}",
        LabelSignatureRole = "The laboratory's management",
    };
}
