"""The curated content of the AI workforce report (seed 004) and of the DDaT occupational
framework project (seed 001).

Every quoted string here is copied from the source (typos kept: "Collaboratice",
"Infoematics", "renumeration"); tests/test_pathways_content.py checks each one occurs
verbatim in the source text, with non-breaking spaces read as spaces. Nothing here
says more than the report does: where it states no provider, length or level, the
field is blank, and a role or archetype is linked to a programme only where the text
links them.
"""

REPORT = "004_ebd69502ff72850d.txt"
PROJECT = "001_e6aa0e7095476ff7.txt"

# key: (heading it sits under, text, reference number cited for its paragraph or None)
EXCERPTS: dict[str, tuple[str, str, int | None]] = {
    "gaps": (
        "",
        "This research suggests that many healthcare settings have gaps in relation to skills and capabilities.",
        None,
    ),
    "terminology": (
        "",
        "As noted in section 1.1, specialist skills and roles that relate to the Creator and Embedder archetypes can "
        "be described differently across entities, initiatives and research reports.",
        None,
    ),
    "roles-include": (
        "",
        "These include: ‘digital, data and technology (DDaT) specialists’, ‘data scientists’, ‘data analysts’, ‘data "
        "engineers’, ‘clinical scientists’, ‘clinical informaticians’, ‘clinical bioinformaticians’, ‘digital "
        "professionals’, and ‘AI professionals’.",
        None,
    ),
    "archetype-gaps": (
        "",
        "Feedback from the interviews conducted for this research suggests that many healthcare settings have "
        "significant gaps in relation to the skills and capabilities associated with the Creator and Embedder "
        "archetypes.",
        None,
    ),
    "figure-11953": (
        "",
        "The NHS may need to employ and train professionals to ensure appropriate resourcing or address any resource "
        "gaps, including the projected need for 11,953 more clinical informatics professionals by 2030 outlined in "
        "HEE’s ‘Data driven healthcare in 2030’ report.",
        7,
    ),
    "collaborative-projects": (
        "",
        "Interviewees for this research observed that, given the current gap, capabilities associated with the "
        "Creator and Embedder archetypes are provided through collaborative projects with industry innovators or "
        "academia.",
        None,
    ),
    "recruit-outside": (
        "",
        "This suggests that, in the short term, specialist technical roles like data scientists and AI engineers may "
        "need to be recruited or contracted from outside the NHS.",
        None,
    ),
    "long-term": (
        "",
        "In the long term, developing and sustaining specialists AI skills will require development of appropriate "
        "education, accreditation and career pathways as illustrated in Figure 6, and discussed in the following "
        "subsections.",
        None,
    ),
    "constant-evaluation": (
        "",
        "This should be supported by constant and dynamic evaluation and improvement of educational efforts, "
        "professional accreditation routes and career pathways.",
        None,
    ),
    "figure-6-description": (
        "",
        "The figure’s outline is a square, and it shows four circles positioned at each corner. Arrows point from one "
        "circle to the next to convey that these circles form a continuous loop. The circle to the upper right "
        "displays the words ‘Produce educational/training content’. The next circle to the bottom right displays the "
        "words ‘Educate/train individuals to professional standards’. The next circle to the bottom left displays "
        "the words ‘Offer professional accreditation’. The last circle at the top left displays the words ‘Enhance: "
        "Create new roles and career pathways’. A fifth circle is positioned in the middle of the figure. It displays "
        "the words ‘Ongoing and dynamic evaluation and improvement’",
        None,
    ),
    "training-heading": (
        "4.2.1 Training and professionalisation of specialist AI skills",
        "Training for clinical informatics roles (associated with Embedder and Creator archetypes)",
        None,
    ),
    "new-pathways": (
        "Training for clinical informatics roles (associated with Embedder and Creator archetypes)",
        "Developing Creator and Embedder capabilities within the NHS will require establishing new training pathways "
        "and expanding existing training programmes for new specialist roles and positions (such as clinical "
        "scientists).",
        None,
    ),
    "few-programmes": (
        "Training for clinical informatics roles (associated with Embedder and Creator archetypes)",
        "A few training programmes for individuals with specialist skills required to undertake Embedder and Creator "
        "roles currently exist within the NHS but have limited training numbers.",
        None,
    ),
    "stp": (
        "Training for clinical informatics roles (associated with Embedder and Creator archetypes)",
        "For example, the Scientist Training Programme (STP) by the National School of Healthcare Science (NSHS), is "
        "a 3-year programme of work-based learning, supported by a university accredited master's degree that covers "
        "roles for informatics in healthcare science, including Clinical Bioinformatics Genomics, Clinical "
        "Informatics (formerly known as Bioinformatics Health Informatics) and Clinical Scientific Computing "
        "(formerly known as Bioinformatics Physical Science).",
        21,
    ),
    "training-posts": (
        "Training for clinical informatics roles (associated with Embedder and Creator archetypes)",
        "In 2021, there were only 6 training posts available for informatics roles in genomics, 7 in health "
        "informatics, and 4 in physical sciences (the sub-specialisms relevant to the AI Embedder archetype).",
        22,
    ),
    "ahcs": (
        "Upskilling",
        "Further to the STP, the Academy for Healthcare Science (AHCS), a joint initiative of the UK Health "
        "Departments and the professional bodies across Healthcare Science, provides an equivalence route for "
        "existing NHS staff to acquire the title of clinical informatician through apprenticeships in NHS trusts or "
        "training by non-NHS organisations.",
        23,
    ),
    "specialist-clinicians": (
        "Digital and AI specialist clinicians",
        "Clear job roles and career pathways should be established for digital and AI specialist clinicians.",
        None,
    ),
    "clinical-data-science": (
        "Digital and AI specialist clinicians",
        "Health Education England (HEE) has partnered with the University of Manchester to develop a ‘Clinical Data "
        "Science’ programme due for launch in September 2023, which aims to increase clinician awareness of data "
        "science accredited with a postgraduate certificate.",
        None,
    ),
    "ai-fellowships": (
        "Digital and AI specialist clinicians",
        "Funded by HEE, the London Medical Imaging and AI Centre for Value Based Healthcare has launched fellowships "
        "in clinical AI.",
        24,
    ),
    "ai-fellowships-detail": (
        "Digital and AI specialist clinicians",
        "The year-long fellowship programme offers trainees the chance to develop AI-related skills for 2 days a week "
        "(or 40 per cent time equivalent) alongside less than full-time training. The fellows undertake a programme "
        "of teaching aligned with the Clinical AI Curriculum developed by Guy's and St Thomas' Department of Medical "
        "Physics whilst also contributing to immersive AI projects in live hospital workflows, supervised by experts "
        "in clinical AI.",
        24,
    ),
    "fpt": (
        "Digital and AI specialist clinicians",
        "Flexible portfolio training (FPT) is a pilot initiative within higher specialty training offered by HEE and "
        "the Royal College of Physicians that protects one day a week (or 20 per cent time equivalent) for "
        "professional development without impact on the length of training.",
        25,
    ),
    "fpt-pathway": (
        "Digital and AI specialist clinicians",
        "Clinical informatics is one of 4 pathways offered within FPT. Trainees on the clinical informatics pathway "
        "develop capabilities in information governance and security, system use and clinician safety, digital "
        "communication assessment, information and knowledge management, patient empowerment and emerging "
        "technologies.",
        25,
    ),
    "collaboration": (
        "Collaboratice training with academia and industry",
        "Interviewees for this research noted the importance of collaboration between healthcare settings, academia "
        "and industry innovators to train and employ individuals with Embedder and Creator skills.",
        None,
    ),
    "stp-placements": (
        "Collaboratice training with academia and industry",
        "Reciprocal fellowship placements with industry are being considered as part of the Clinical Scientist "
        "Scientist Training Programme (STP) programme.",
        None,
    ),
    "digital-talent": (
        "Collaboratice training with academia and industry",
        "As an example, the Imagine talent collaborative community explores the future of talent for a digital age "
        "and are trialling a digital talent model.26 This involves giving an opportunity to data scientists from "
        "various organisations (including at NHS and HEE) to work across sectors and organisations to build their "
        "expertise and experience.",
        26,
    ),
    "hip": (
        "Collaboratice training with academia and industry",
        "HEE has also established the Health Innovation Placement (HIP) pilot27 as part of the Digital Readiness "
        "Education Programme.28 It provides leaders with an opportunity to develop through exposure with "
        "start-ups/small-medium organisations (SMEs) and to work on the development of a technological solution to a "
        "specific NHS problem.",
        27,
    ),
    "isdns": (
        "Informatics Skills Development Networks (ISDNs)",
        "HEE has supported the creation of eight regional ISDNs across England, which are based on the existing "
        "Finance and Procurement Skills Development Networks models.",
        29,
    ),
    "isdn-bodies": (
        "Informatics Skills Development Networks (ISDNs)",
        "The ISDNs aim to support the training and career development of digital professionals at a regional level by "
        "providing educational programmes, networking opportunities and acting as an interface with key professional "
        "bodies including the Faculty of Clinical Informatics (FCI), British Computer Society (BCS), College of "
        "Healthcare Information Management Executives (CHIME), Federation of Informatics Professionals (FEDIP) and "
        "Association of professional healthcare Analysts (AphA).",
        None,
    ),
    "isdn-cycle": (
        "Informatics Skills Development Networks (ISDNs)",
        "ISDNs could play a role in co-ordinating key components of Figure 6’s workforce development cycle, including "
        "the delivery of education, accreditation with professional bodies and guiding the creation of appropriate "
        "job roles and career pathways within the region.",
        None,
    ),
    "professionalisation-bodies": (
        "Professionalisation and accreditation",
        "Several organisations have been supporting broader work in the professionalisation of the data and "
        "informatics workforce including the Faculty of Clinical Infoematics (FIC), Federation for Informatics "
        "Professionals (FEDIP) and Association of Professional Healthcare Analysts (AphA).",
        None,
    ),
    "bioinformatician-retention": (
        "4.2.2 Rewarding and retaining individuals with specialist skills",
        "The major factors affecting the retention and utilisation of clinical bioinformaticians include having to "
        "continuously deal with undemanding and conventional tasks, combined with a perceived lack of promotion "
        "opportunities.",
        8,
    ),
    "salary": (
        "4.2.2 Rewarding and retaining individuals with specialist skills",
        "Data scientists and data analysts in the private sector who are proficient in machine learning and AI can "
        "expect to earn more than twice the salary of NHS analyst roles.",
        4,
    ),
    "clinical-informatics-lead": (
        "4.2.3 Digital Leadership Roles",
        "An example is the role of Clinical Informatics Lead responsible for providing and leading development of AI "
        "knowledge and skills, including acting as a mentor for other senior leaders, and overseeing implementation "
        "of AI technologies across their institution, with assistance from clinical leads at each unit.",
        None,
    ),
    "ccio-cnio": (
        "4.2.3 Digital Leadership Roles",
        "Other specialist senior clinical informatics roles within the NHS include Chief Clinical Information "
        "Officers (CCIO) and Chief Nursing Information Officers (CNIO).",
        None,
    ),
    "ccio-standards": (
        "4.2.3 Digital Leadership Roles",
        "There have been some developments in setting standards for these roles; for example, the Faculty of "
        "Clinical informatics have published a model job description for Chief Clinical Informatics Officers (CCIOs) "
        "32 and regional Informatics Skills Development Networks (ISDNs) have set up CCIO special interest groups "
        "(SIGs).",
        32,
    ),
    "new-cadre": (
        "4.2.3 Digital Leadership Roles",
        "The ‘Data driven healthcare in 2030’ report sketches a new cadre of professional digital leaders to drive "
        "forward the adoption of AI and data driven technologies, including CCIOs and Chief Nurse Information "
        "Officers (CNIOs), and newer positions in the C (chief) suite like Chief Analytical Officers, Chief Data "
        "Officers and Chief Knowledge Officers. These will have a vital role in managing and setting the strategic "
        "direction for digital technology and health informatics in NHS organisations.",
        7,
    ),
    "hsst": (
        "4.2.3 Digital Leadership Roles",
        "In addition to the STP programme, the National School of Healthcare Science (NSHCS) provides a pathway for "
        "clinical bioinformaticians to progress into more senior roles in the NHS through the Higher Specialist "
        "Scientist Training (HSST) programme. This 5-year programme supported by a Doctoral level academic award is "
        "designed to prepare clinical bioinformaticians to apply to become consultant clinical scientists in the NHS.",
        44,
    ),
    "dhlp": (
        "4.2.3 Digital Leadership Roles",
        "HEE has established the Digital Health Leadership Programme. The programme is a 12-month fully accredited "
        "Postgraduate Diploma in Digital Health Leadership delivered by Imperial College London along with The "
        "University of Edinburgh and Health Data Research UK. It is directed at individuals with demonstrable "
        "experience (typically three years minimum) of implementing practical digital transformational change within "
        "an organisation and/or wider health and care system.",
        45,
    ),
    "leadership-pathways": (
        "4.2.3 Digital Leadership Roles",
        "They will need to be supported by clear and flexible training pathways and career trajectories to achieve "
        "the specific set of competencies required for digital leadership.",
        None,
    ),
}

# The sentences that speak of both archetypes; each archetype then has its own.
BOTH_ARCHETYPES_EXCERPTS = [
    "terminology",
    "archetype-gaps",
    "collaborative-projects",
    "training-heading",
    "new-pathways",
    "few-programmes",
]

ARCHETYPES = [
    # (name, excerpt keys: the sentences that mention it)
    ("Creator", [*BOTH_ARCHETYPES_EXCERPTS, "collaboration"]),
    ("Embedder", [*BOTH_ARCHETYPES_EXCERPTS, "training-posts", "collaboration"]),
]

BOTH = ["Creator", "Embedder"]

# (name as the report writes it, excerpt keys, archetypes the text relates it to)
NAMED_ROLES = [
    ("Chief Clinical Information Officers (CCIO)", ["ccio-cnio", "ccio-standards", "new-cadre"], []),
    ("Chief Nursing Information Officers (CNIO)", ["ccio-cnio", "new-cadre"], []),
    ("Chief Data Officers", ["new-cadre"], []),
    ("Chief Analytical Officers", ["new-cadre"], []),
    ("Chief Knowledge Officers", ["new-cadre"], []),
    ("Clinical Informatics Lead", ["clinical-informatics-lead"], []),
    ("clinical bioinformaticians", ["roles-include", "bioinformatician-retention", "hsst"], BOTH),
    ("clinical informaticians", ["roles-include", "ahcs"], BOTH),
    ("clinical scientists", ["roles-include", "new-pathways"], BOTH),
    ("consultant clinical scientists", ["hsst"], []),
    ("data scientists", ["roles-include", "recruit-outside", "salary", "digital-talent"], BOTH),
    ("data analysts", ["roles-include", "salary"], BOTH),
    ("data engineers", ["roles-include"], BOTH),
    ("AI engineers", ["recruit-outside"], []),
    ("digital, data and technology (DDaT) specialists", ["roles-include"], BOTH),
    ("digital professionals", ["roles-include"], BOTH),
    ("AI professionals", ["roles-include"], BOTH),
    ("digital and AI specialist clinicians", ["specialist-clinicians"], []),
]

# Each programme: name as written; provider, length, time commitment, level and what it
# leads to, each verbatim where the report states it and left out where it does not (stored
# blank); the archetypes and named roles only where the report relates them.
PROGRAMMES = [
    {
        "name": "Scientist Training Programme (STP)",
        "provider": "National School of Healthcare Science (NSHS)",
        "length": "3-year",
        "level": "university accredited master's degree",
        "leads_to": "roles for informatics in healthcare science, including Clinical Bioinformatics Genomics, Clinical "
        "Informatics (formerly known as Bioinformatics Health Informatics) and Clinical Scientific Computing "
        "(formerly known as Bioinformatics Physical Science)",
        "excerpts": ["few-programmes", "stp", "training-posts", "stp-placements"],
        "archetypes": BOTH,
    },
    {
        "name": "Higher Specialist Scientist Training (HSST)",
        "provider": "National School of Healthcare Science (NSHCS)",
        "length": "5-year",
        "level": "Doctoral level academic award",
        "leads_to": "consultant clinical scientists in the NHS",
        "excerpts": ["hsst"],
        "named_roles": ["consultant clinical scientists"],
    },
    {
        "name": "Digital Health Leadership Programme",
        "provider": "Imperial College London along with The University of Edinburgh and Health Data Research UK",
        "length": "12-month",
        "level": "Postgraduate Diploma in Digital Health Leadership",
        "leads_to": "the specific set of competencies required for digital leadership",
        "excerpts": ["dhlp", "leadership-pathways"],
        "framework": "DHLP",
    },
    {
        "name": "Clinical Data Science",
        "provider": "the University of Manchester",
        "level": "postgraduate certificate",
        "excerpts": ["clinical-data-science"],
    },
    {
        "name": "fellowships in clinical AI",
        "provider": "London Medical Imaging and AI Centre for Value Based Healthcare",
        "length": "year-long",
        "time_commitment": "2 days a week (or 40 per cent time equivalent)",
        "excerpts": ["ai-fellowships", "ai-fellowships-detail"],
    },
    {
        "name": "Flexible portfolio training (FPT)",
        "provider": "HEE and the Royal College of Physicians",
        "time_commitment": "one day a week (or 20 per cent time equivalent)",
        "level": "higher specialty training",
        "excerpts": ["fpt", "fpt-pathway"],
    },
    {
        "name": "Health Innovation Placement (HIP) pilot",
        "provider": "HEE",
        "excerpts": ["hip"],
    },
    {
        "name": "equivalence route",
        "provider": "Academy for Healthcare Science (AHCS)",
        "leads_to": "the title of clinical informatician",
        "excerpts": ["ahcs"],
        "named_roles": ["clinical informaticians"],
    },
    {
        "name": "Digital Readiness Education Programme",
        "excerpts": ["hip"],
    },
    {
        "name": "digital talent model",
        "provider": "the Imagine talent collaborative community",
        "excerpts": ["digital-talent"],
    },
]

# Figure 6: (words in the circle, where the description places it); the last is the centre.
CYCLE = [
    ("Produce educational/training content", "upper right"),
    ("Educate/train individuals to professional standards", "bottom right"),
    ("Offer professional accreditation", "bottom left"),
    ("Enhance: Create new roles and career pathways", "top left"),
]
CYCLE_CENTRE = ("Ongoing and dynamic evaluation and improvement", "in the middle")
CYCLE_CAPTION = "Figure 6: Workforce development cycle"

# (the figure as the sentence writes it, excerpt key)
FIGURES = [
    ("11,953", "figure-11953"),
    ("6, 7 and 4", "training-posts"),
    ("more than twice the salary", "salary"),
    ("eight", "isdns"),
]

# (professional body abbreviation, name as the report writes it, excerpt key)
BODY_MENTIONS = [
    ("AHCS", "Academy for Healthcare Science (AHCS)", "ahcs"),
    ("FCI", "Faculty of Clinical Informatics (FCI)", "isdn-bodies"),
    ("BCS", "British Computer Society (BCS)", "isdn-bodies"),
    ("CHIME", "College of Healthcare Information Management Executives (CHIME)", "isdn-bodies"),
    ("FEDIP", "Federation of Informatics Professionals (FEDIP)", "isdn-bodies"),
    ("AphA", "Association of professional healthcare Analysts (AphA)", "isdn-bodies"),
    ("FCI", "Faculty of Clinical Infoematics (FIC)", "professionalisation-bodies"),
    ("FEDIP", "Federation for Informatics Professionals (FEDIP)", "professionalisation-bodies"),
    ("AphA", "Association of Professional Healthcare Analysts (AphA)", "professionalisation-bodies"),
    ("FCI", "Faculty of Clinical informatics", "ccio-standards"),
]

# Seed 001: (part, text). The page's first lines ("quote HEE facebook ...", "You are here")
# are web-page chrome, not content; the SourceDocument row still keeps them verbatim.
PROJECT_PARAGRAPHS = [
    (
        "purpose",
        "The overall purpose of this project is to define the health informatics and digital workforce terminology "
        "and create appropriate job architecture to describe skill levels, through either agreeing and establishing a "
        "modernised capability framework or adapting and adopting pre-existing frameworks into the NHS and Social "
        "Care.",
    ),
    (
        "purpose",
        "The current project is a pilot to map a discrete area of the current GDS DDaT Capability Framework to health "
        "and care job roles and test its implementation.",
    ),
    ("vision", "To have a job architecture framework for digital health roles that is:"),
    ("vision_point", "Agreed (by stakeholders – they have been engaged in its development)"),
    (
        "vision_point",
        "Used (by all NHS and Social Care organisations in England, e.g. informs planning, aids recruitment)",
    ),
    ("vision_point", "Universally recognised (outside of immediate stakeholder groups, has broader awareness)"),
    ("vision_point", "Sustainable (has a governance framework that can manage it on an BAU basis)"),
    ("vision_point", "Able to serve as a blueprint for future work for introducing additional job families and roles."),
    (
        "background",
        "Health Informatics does not describe an occupation. It currently contains a diverse and discrete set of "
        "individual occupations in health and care each having their own niche skill sets but also having common "
        "skills across the functions, such as the necessary leadership and distinctly human skills needed to lead "
        "digital services and digital transformation projects at pace and scale.",
    ),
    (
        "background",
        "Without a systematic analysis of job architecture, NHS and care organisations run the risk of building their "
        "digital teams based on financial systems, such as compensation structures (AfC) and variable pay programs, "
        "on a faulty foundation. Job architecture places further importance on a consistent approach to identifying "
        "job levels, career paths, mobility criteria, and pay values. When job architecture is outdated or "
        "misaligned, workforce management becomes more about reacting than planning, and people practices can no "
        "longer leverage individuals’ skills and abilities or meet changing business needs.",
    ),
    (
        "background",
        "Our current analysis of the informatics workforce in the Electronic Staff Record System (ESR) indicates that "
        "without an overarching informatics occupational career framework, standardised roles and governance "
        "structures to review and assure them, we risk not being able to attract the right people with the right "
        "skills. Marketing campaigns for schools and colleges, for example, will benefit from some skill levelling, "
        "by being able to better describe pathways and routes in and onwards.",
    ),
]
