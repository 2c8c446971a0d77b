/// Names of the cultures a Mediterranean and African border sees, for generated watchlists.
/// Spelling variants are the ones border services meet on documents.
enum NamePools {
    /// Latin spelling, Arabic script, and other Latin spellings of the same name.
    static let arabicGiven: [(latin: String, arabic: String, variants: [String])] = [
        ("MOHAMED", "محمد", ["MOHAMMED", "MUHAMMAD", "MOHAMAD", "MOHAMMAD"]), ("AHMED", "أحمد", ["AHMAD", "AHMET"]),
        ("ALI", "علي", ["ALY"]), ("OMAR", "عمر", ["UMAR", "OMER"]), ("YOUSSEF", "يوسف", ["YOUSEF", "YUSUF", "YOUSSOUF"]),
        ("IBRAHIM", "إبراهيم", ["EBRAHIM", "IBRAHEEM"]), ("KHALED", "خالد", ["KHALID", "HALED"]), ("HASSAN", "حسن", ["HASAN", "HASSEN"]),
        ("HUSSEIN", "حسين", ["HUSSAIN", "HOUSSEIN", "HUSEIN"]), ("MUSTAFA", "مصطفى", ["MOSTAFA", "MOUSTAFA", "MUSTAPHA"]),
        ("ABDELKADER", "عبد القادر", ["ABDEL KADER", "ABD AL-QADIR", "ABDULKADIR"]), ("ABDALLAH", "عبد الله", ["ABDULLAH", "ABD ALLAH", "ABDELLAH"]),
        ("SAID", "سعيد", ["SAEED", "SAYED"]), ("KARIM", "كريم", ["KAREEM"]), ("RACHID", "رشيد", ["RASHID", "RACHED"]),
        ("FATIMA", "فاطمة", ["FATMA", "FATIMAH"]), ("AICHA", "عائشة", ["AISHA", "AYESHA"]), ("KHADIJA", "خديجة", ["KHADIDJA", "KHADEEJA"]),
        ("ZINEB", "زينب", ["ZAINAB", "ZEINAB"]), ("MARIAM", "مريم", ["MARYAM", "MERIEM"]), ("NADIA", "نادية", ["NADIYA"]),
        ("SAMIRA", "سميرة", ["SAMEERA"]), ("LEILA", "ليلى", ["LAILA", "LEILAH"]), ("HAMZA", "حمزة", ["HAMZAH"]),
        ("BILAL", "بلال", ["BELAL"]), ("TARIK", "طارق", ["TAREK", "TARIQ"]), ("WALID", "وليد", ["OUALID", "WALEED"]),
        ("JAMAL", "جمال", ["GAMAL", "DJAMAL"]), ("NOUR", "نور", ["NUR", "NOOR"]), ("SALMA", "سلمى", ["SALMAH"]),
        ("YASSINE", "ياسين", ["YASIN", "YASSIN"]), ("SOUFIANE", "سفيان", ["SUFYAN", "SOFIANE"]), ("ADIL", "عادل", ["ADEL"]),
        ("NABIL", "نبيل", ["NABEEL"]), ("HICHAM", "هشام", ["HISHAM"]), ("MOUNIR", "منير", ["MUNIR"]),
    ]
    static let arabicSurnames: [(latin: String, arabic: String, variants: [String])] = [
        ("BENALI", "بن علي", ["BEN ALI", "BIN ALI"]), ("EL AMRANI", "العمراني", ["ELAMRANI", "AMRANI", "AL AMRANI"]),
        ("HADDAD", "حداد", ["HADAD"]), ("MANSOUR", "منصور", ["MANSUR"]), ("TRABELSI", "الطرابلسي", ["TRABLSI"]),
        ("CHERIF", "الشريف", ["SHERIF", "SHARIF", "CHERIFF"]), ("SAADI", "السعدي", ["SAADY", "SAADI"]),
        ("EL HASHEMI", "الهاشمي", ["HASHEMI", "HACHEMI", "AL HASHIMI"]),
        ("TAZI", "التازي", ["TAZY"]), ("IDRISSI", "الإدريسي", ["IDRISI", "EDRISSI"]), ("FASSI", "الفاسي", ["FASI"]),
        ("BOUAZIZI", "بوعزيزي", ["BOUAZIZ"]), ("KHALIFA", "خليفة", ["KHALIFAH", "KALIFA"]), ("NASSER", "ناصر", ["NASER", "NASIR"]),
        ("SALEH", "صالح", ["SALAH", "SALIH"]), ("OTHMAN", "عثمان", ["OSMAN", "OUTHMANE"]), ("YOUSSEFI", "اليوسفي", ["YOUSFI", "YUSUFI"]),
        ("ZAHRAOUI", "الزهراوي", ["ZAHRAWI"]), ("BELHADJ", "بلحاج", ["BEL HADJ", "BELHAJ"]), ("MEZIANE", "مزيان", ["MEZIAN"]),
    ]
    /// Roots for more Maghrebi surnames, written in Latin only.
    static let arabicRoots = [
        "AMRANI", "BENNANI", "CHRAIBI", "DRISSI", "FILALI", "GUERROUJ", "HAJJI", "JABRI", "KETTANI", "LAHLOU", "MERNISSI", "NACIRI", "OUAZZANI",
        "RIFFI", "SEBTI", "TOUIMI", "WAHBI", "ZIANI", "ALAOUI", "BERRADA", "DAOUDI", "GHARBI", "JEBALI", "KHIARI", "MEJRI", "NAJJAR", "OUERGHI",
        "RIAHI", "SOUISSI", "TLILI", "ZOUARI", "BOUZID", "CHAABANE", "DHAOUADI", "HAMMAMI", "JLASSI", "KSOURI", "MAHJOUB", "SASSI", "BRAHMI",
    ]
    static let arabicPrefixes = ["", "", "BEN ", "EL ", "BOU", "AIT "]

    static let westAfricanSurnames: [(String, [String])] = [
        ("DIALLO", ["DIALO", "JALLOH"]), ("TRAORE", ["TRAOURE"]), ("KONE", ["KONNE", "KONEH"]), ("OUEDRAOGO", ["WEDRAOGO", "OUEDRAOGHO"]),
        ("DIOP", ["DIOPP"]), ("NDIAYE", ["N DIAYE", "NDIAYE"]), ("SOW", ["SOUW"]), ("CISSE", ["CISSEH", "SISSE"]), ("KEITA", ["KEYTA"]),
        ("CAMARA", ["KAMARA"]), ("TOURE", ["TURE", "TOURRE"]), ("SANGARE", ["SANGARI"]), ("COULIBALY", ["KOULIBALY", "KULIBALI"]),
        ("DIARRA", ["JARRA"]), ("SYLLA", ["SILLA"]), ("MENSAH", ["MENSA"]), ("OKAFOR", ["OKAPHOR"]), ("ADEYEMI", ["ADEYEMY"]),
        ("BAMBA", ["BAMBAH"]), ("FOFANA", ["FOFANAH"]), ("DEMBELE", ["DEMBELLE"]), ("SIDIBE", ["SIDIBEH"]), ("SAVADOGO", ["SAWADOGO"]),
        ("KABORE", ["KABOREH"]), ("BALDE", ["BALDEH"]), ("BARRY", ["BARI"]), ("SECK", ["SEK"]), ("FALL", ["FAL"]), ("GUEYE", ["GUEY"]),
        ("MBAYE", ["M BAYE"]), ("OUATTARA", ["WATTARA", "OUATARA"]), ("YAMEOGO", ["YAMEOGHO"]), ("ZONGO", ["ZONGHO"]), ("ASANTE", ["ASANTEH"]),
        ("OWUSU", ["OWOUSOU"]), ("BOATENG", ["BOATENGH"]), ("ADEBAYO", ["ADEBAYOH"]), ("OKONKWO", ["OKONKOW"]), ("NWOSU", ["NWOSOU"]),
        ("EZE", ["EZEH"]),
    ]
    static let westAfricanGiven: [(String, [String])] = [
        ("MAMADOU", ["MAMADU", "MOHAMADOU"]), ("AMINATA", ["AMINATOU"]), ("MOUSSA", ["MUSA", "MOUSA"]), ("FATOUMATA", ["FATIMATA", "FATOUMA"]),
        ("IBRAHIMA", ["IBRAHIM"]), ("OUMAR", ["OUMARO", "UMAR"]), ("SEKOU", ["SEKU"]), ("AWA", ["AOUA"]), ("ADAMA", ["ADAMAH"]),
        ("BOUBACAR", ["BUBACAR", "ABUBAKAR"]), ("KADIATOU", ["KADIATU", "KHADIATOU"]), ("SALIF", ["SALIFOU"]), ("ISSA", ["ISA"]),
        ("ABDOULAYE", ["ABDULAI", "ABDOULAY"]), ("CHEIKH", ["SHEIKH", "CHEIK"]), ("KOFI", ["KOFFI"]), ("AMA", ["AMMA"]), ("CHIDI", ["CHIDY"]),
        ("NGOZI", ["NGOZY"]), ("OUSMANE", ["USMAN", "OUSMAN"]), ("MARIAMA", ["MARIAMMA"]), ("ASSATA", ["ASATA"]), ("DJENEBA", ["JENEBA"]),
        ("SEYDOU", ["SEIDOU", "SEYDU"]), ("BINTOU", ["BINTU"]), ("LASSINA", ["LASINA"]), ("HAWA", ["HAOUA"]), ("YAW", ["YAO"]), ("KWAME", ["KOUAME"]),
    ]

    /// Cyrillic roots and endings of East Slavic surnames.
    static let slavicRoots = [
        "Захар", "Иван", "Смирн", "Кузнец", "Поп", "Васил", "Петр", "Сокол", "Михайл", "Новик", "Фёдор", "Мороз", "Волк", "Алексе", "Лебед",
        "Семён", "Егор", "Павл", "Козл", "Степан", "Бондар", "Ткач", "Ковал", "Кравч", "Олейн", "Щерб", "Жук", "Белоус", "Горбач", "Гриш",
        "Дорош", "Зайц", "Кирил", "Литвин", "Мельник", "Назар", "Остап", "Руден", "Савч", "Тарас", "Устим", "Филип", "Харит", "Чернен",
        "Шапов", "Юрч", "Яковл", "Громык", "Дьяч", "Ерём", "Журавл", "Карп", "Лукаш", "Мирон", "Нестер", "Орл", "Прохор", "Рыж", "Сидор",
    ]
    static let slavicEndings = ["ов", "ев", "ин", "енко", "ук", "чук", "ский", "ович"]
    static let slavicGiven: [(String, Bool)] = [
        ("Иван", true), ("Сергей", true), ("Александр", true), ("Дмитрий", true), ("Андрей", true), ("Алексей", true), ("Михаил", true),
        ("Николай", true), ("Юрий", true), ("Евгений", true), ("Владимир", true), ("Олег", true), ("Тарас", true), ("Богдан", true),
        ("Ольга", false), ("Елена", false), ("Наталья", false), ("Татьяна", false), ("Ирина", false), ("Светлана", false), ("Юлия", false),
        ("Анна", false), ("Мария", false), ("Оксана", false), ("Людмила", false), ("Ксения", false),
    ]

    static let latinSurnames = [
        "GARCÍA", "MARTIN", "DUPONT", "ROSSI", "MÜLLER", "SCHMIDT", "FERNÁNDEZ", "LÓPEZ", "BERNARD", "MOREAU", "FERRARI", "ESPOSITO",
        "RUSSO", "BIANCHI", "ROMANO", "GONZÁLEZ", "RODRÍGUEZ", "SÁNCHEZ", "PÉREZ", "GÓMEZ", "LEFÈVRE", "GIRARD", "FAURE", "ROUSSEAU",
        "WEBER", "FISCHER", "WAGNER", "BECKER", "HOFFMANN", "SCHÄFER", "KOCH", "RICHTER", "KLEIN", "WOLF", "SCHRÖDER", "NEUMANN",
        "SILVA", "SANTOS", "FERREIRA", "PEREIRA", "OLIVEIRA", "COSTA", "RODRIGUES", "MARTINS", "JESUS", "SOUSA", "FERNANDES", "GONÇALVES",
        "VAN DER BERG", "DE VRIES", "JANSSEN", "DE LA CRUZ", "DI STEFANO", "DA SILVA", "LE GALL", "DUBOIS", "LAURENT", "SIMON", "MICHEL", "LEROY",
    ]
    static let latinGiven = [
        "JEAN", "MARIE", "PIERRE", "JOSÉ", "MARIA", "GIUSEPPE", "ANNA", "LUCA", "CARLOS", "SOPHIE", "FRANÇOIS", "JÜRGEN", "LAURA", "PAOLO",
        "ELENA", "JUAN", "ANTONIO", "ISABEL", "MICHEL", "NICOLAS", "THOMAS", "JULIA", "MARCO", "CHIARA", "JOÃO", "INÊS", "HÉLÈNE", "ANDRÉ",
        "KLAUS", "MONIKA", "STEFAN", "SABINE", "PEDRO", "LUCÍA", "RAFAEL", "CARMEN", "JEAN-PIERRE", "MARIE-CLAIRE", "ALEJANDRO", "SOFÍA",
    ]

    static let nationalities: [[String]] = [
        ["MAR", "DZA", "TUN", "EGY", "LBY", "SYR", "IRQ", "SDN", "JOR", "LBN"],
        ["SEN", "MLI", "GIN", "CIV", "BFA", "NER", "NGA", "GHA", "GMB", "SLE"],
        ["RUS", "UKR", "BLR", "MDA"], ["FRA", "ESP", "ITA", "DEU", "PRT", "BEL", "NLD"],
    ]
}
