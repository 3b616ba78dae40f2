"""The demo's two processes, one true story told by every app's demo.

- Canada's 4th Plan on Open Government 2018-2020, from the seed page (the French is the
  consultation page's own; the English a faithful translation): complete, every phase closed on
  its real dates, every opportunity closed. Each app's demo dates what it records for this
  process inside the phase where it happened (`at()` and the phase dates below), never "now".
- The next plan (`CURRENT_SLUG`), whose phase dates are computed from the day the demo is
  loaded: today is in its Development phase (ideas and sessions open), Planning's priorities
  questionnaire is closing soon, the later phases' opportunities are "to be announced".

No current-phase override: the current phase is always the one whose dates contain today.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation

from .models import Opportunity, Phase, Process, StaticPage

# The completed 4th plan (many tests and demos name it by this slug).
SLUG = "canada-4th-plan-2018-2020"
PAST_SLUG = SLUG
# The current process keeps one slug whatever the day, so reloading the demo later moves its
# dates instead of creating another process.
CURRENT_SLUG = "canada-5th-plan"
# The demo's clock for the 4th plan's history: Ottawa time.
TZ = ZoneInfo("America/Toronto")


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of the 4th plan's history, in Ottawa time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def past_process() -> Process | None:
    return Process.objects.filter(slug=PAST_SLUG).first()


def current_process() -> Process | None:
    return Process.objects.filter(slug=CURRENT_SLUG).first()


PROCESS = {
    "title_en": "Developing Canada's 4th Plan on Open Government 2018–2020",
    "title_fr": "Élaborer le quatrième Plan du Canada pour un gouvernement ouvert 2018–2020",
    "summary_en": (
        "Open government is about increasing transparency, participation and collaboration to "
        "make government better. Every two years, we work with you to create a plan as part of "
        "our participation in the Open Government Partnership."
    ),
    "summary_fr": (
        "L’initiative de gouvernement ouvert consiste à accroître la transparence, la "
        "participation et la collaboration pour améliorer le gouvernement. Tous les deux ans, "
        "nous collaborons avec vous pour créer un plan dans le cadre de notre participation au "
        "partenariat pour un gouvernement ouvert."
    ),
    # The seed announced the plan ("will be published in July 2018"); the consultation is over,
    # so the team's introduction now says what happened.
    "introduction_en": (
        "From the fall of 2017, the Multi-stakeholder Forum played a key role in this "
        "collaborative process.\n\n"
        "The 4th plan was published in July 2018 and implemented until June 2020. This page "
        "keeps the record of each phase: what we asked, what we heard and what we did."
    ),
    "introduction_fr": (
        "À compter de l’automne 2017, le Forum multi-intervenants a joué un rôle clé dans ce "
        "processus collaboratif.\n\n"
        "Le 4e plan a été publié en juillet 2018 et mis en œuvre jusqu’en juin 2020. Cette page "
        "conserve le compte rendu de chaque phase\u00a0: ce que nous avons demandé, ce que nous "
        "avons entendu et ce que nous avons fait."
    ),
    "privacy_purpose_en": (
        "Providing the information requested on this form is not mandatory. It is collected to "
        "respond to your request for information or your comments and to improve our online "
        "products and services. Your personal information is used to respond to your "
        "enquiries, where applicable, and may be used to evaluate the effectiveness of the "
        "program in meeting the needs of clients."
    ),
    "privacy_purpose_fr": (
        "La communication de l’information demandée sur ce formulaire n’est pas obligatoire. "
        "L’information est recueillie dans le but de répondre à votre demande de "
        "renseignements ou à vos commentaires et d’améliorer notre ensemble de produits et de "
        "services en ligne. Vos renseignements personnels sont utilisés pour répondre à vos "
        "demandes de renseignements, s’il y a lieu, et peuvent être utilisés pour évaluer "
        "l’efficacité du programme quand vient le temps de répondre aux besoins des clients."
    ),
    "privacy_authority_en": (
        "The collection and use of your personal information are authorized by section 7 of "
        "the Financial Administration Act, and are carried out in accordance with the Privacy "
        "Act, a federal law."
    ),
    "privacy_authority_fr": (
        "La collecte et l’utilisation de vos renseignements personnels sont autorisées en vertu "
        "de l’article 7 de la Loi sur la gestion des finances publiques et se font "
        "conformément à la Loi sur la protection des renseignements personnels, une loi "
        "fédérale."
    ),
    "privacy_contact_en": (
        "If you need clarification about this statement, please contact the Treasury Board of "
        "Canada Secretariat's privacy coordinator at 613-957-7154. For more information about "
        "your privacy rights, contact the Privacy Commissioner of Canada at 1-800-282-1376."
    ),
    "privacy_contact_fr": (
        "Si vous avez besoin de précisions au sujet de cette déclaration, veuillez communiquer "
        "avec le coordonnateur de la protection des renseignements personnels du SCT au "
        "613-957-7154. Pour en savoir plus sur vos droits, communiquez avec le commissaire à la "
        "protection de la vie privée du Canada au 1-800-282-1376."
    ),
    "personal_information_bank_en": "Public Communications (PSU 914), Info Source",
    "personal_information_bank_fr": "Communications publiques (POU 914), Info Source",
}

# The seed's phases, as the 4th plan ran them. Its "what happens" texts are told in the past now
# that the plan is complete (the current process has its own, in CURRENT_PHASE_TEXTS).
PHASES = [
    (
        Phase.Kind.PLANNING,
        d(2017, 10, 1),
        d(2017, 11, 30),
        "Planning",
        "Planification",
        "From October",
        "À partir d’octobre",
        "Seek participation and suggestions from communities on priorities and approach. "
        "Build partnerships.",
        "Solliciter la participation et des suggestions de la part des communautés sur les "
        "priorités et l’approche. Établir des partenariats.",
        "Online from October 2017.",
        "En ligne à partir d’octobre 2017.",
        "We asked which priorities to focus on and where to meet you in person.",
        "Nous avons demandé quelles priorités privilégier et où vous rencontrer en personne.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        d(2017, 10, 1),
        d(2018, 2, 28),
        "Development",
        "Élaboration",
        "Oct. 2017 – Feb. 2018",
        "Oct. 2017 – fév. 2018",
        "Generate ideas and improvements. Collect and analyse data. Develop a list of potential "
        "commitments. Digital and in-person engagement aligned with third-party events.",
        "Générer des idées et des améliorations. Collecter et analyser les données. Élaborer une "
        "liste d’engagements potentiels. Mobilisation par voie numérique et en personne alignée "
        "sur des événements de tierces parties.",
        "Online and in person until February 2018.",
        "En ligne et en personne jusqu’en février 2018.",
        "We gathered your comments on what should be included in the plan: ideas online and "
        "sessions across the country.",
        "Nous avons recueilli vos commentaires sur ce qui devrait être inclus dans le "
        "plan\u00a0: des idées en ligne et des séances partout au pays.",
    ),
    (
        Phase.Kind.DRAFTING,
        d(2018, 2, 1),
        d(2018, 3, 31),
        "Drafting",
        "Rédaction",
        "Feb. – Mar. 2018",
        "Fév. – mar. 2018",
        "Integrate the results and co-create commitments. Prepare to make comments available. "
        "Confirm partnerships for delivery.",
        "Intégrer les résultats et création conjointe d’engagements. Préparer la mise à "
        "disposition des commentaires. Confirmer les partenariats pour l’exécution.",
        "Online from February to March 2018.",
        "En ligne de février à mars 2018.",
        "We defined the commitments that moved forward, working together on ambitious milestones "
        "that advance transparency and participation.",
        "Nous avons défini les engagements qui allaient progresser, en collaborant à des jalons "
        "ambitieux qui favorisent la transparence et la participation.",
    ),
    (
        Phase.Kind.REVIEW,
        d(2018, 4, 1),
        d(2018, 5, 31),
        "Review",
        "Révision",
        "Apr. – May 2018",
        "Avr. – mai 2018",
        "Review of the draft plan by the digital public and by Cabinet.",
        "Révision du plan provisoire par le public numérique et par le Cabinet.",
        "Online from April to May 2018.",
        "En ligne d’avril à mai 2018.",
        "The draft plan was open to your comments, paragraph by paragraph, to help us improve it.",
        "Le plan provisoire a été soumis à vos commentaires, paragraphe par paragraphe, pour nous "
        "aider à l’améliorer.",
    ),
    (
        Phase.Kind.FINALIZATION,
        d(2018, 6, 1),
        d(2018, 6, 30),
        "Finalization",
        "Finalisation",
        "June 2018",
        "Juin 2018",
        "Integrate public comments. Collaborate as needed to adapt to changes. Publish the final "
        "plan, the “What We Heard” report and the comment data.",
        "Intégrer les commentaires du public. Collaborer au besoin pour l’adaptation aux "
        "changements. Publication du plan final, du rapport « Ce que nous avons entendu » et les "
        "données sur les commentaires.",
        "Online from June 2018.",
        "En ligne à partir de juin 2018.",
        "We published the final plan along with a report on what we heard and a data set of "
        "comments, so that you can see for yourself the comments we received and how we used "
        "them.",
        "Nous avons publié le plan final ainsi qu’un rapport sur ce que nous avons entendu et un "
        "jeu de données composé de commentaires, afin que vous puissiez voir vous-même les "
        "commentaires que nous avons reçus et la manière dont nous les avons utilisés.",
    ),
    (
        Phase.Kind.IMPLEMENTATION,
        d(2018, 7, 1),
        d(2020, 6, 30),
        "Implementation",
        "Mise en œuvre",
        "July 2018 – June 2020",
        "Juil. 2018 – juin 2020",
        "Facilitation, project management and accountability as commitments are implemented.",
        "Facilitation, gestion de projet et reddition de compte à mesure que les engagements sont "
        "mis en œuvre.",
        "Online and in person from July 2018.",
        "En ligne et en personne à partir de juillet 2018.",
        "Civil-society representatives worked with government officials on the milestones "
        "identified in the plan and reported on the progress made.",
        "Les représentants de la société civile ont collaboré avec les responsables "
        "gouvernementaux sur les jalons identifiés dans le plan et ont rapporté les progrès "
        "réalisés.",
    ),
]

OK = Opportunity.Kind
OS = Opportunity.Status
# The 4th plan is over: every opportunity it offered has closed.
OPPORTUNITIES = [
    (
        Phase.Kind.PLANNING,
        "priorities",
        OK.QUESTIONNAIRE,
        OS.CLOSED,
        "Planning questionnaire: priorities and where to meet",
        "Questionnaire de planification\u00a0: priorités et lieux de rencontre",
        "Tell us which priorities the 4th plan should focus on, and where we should meet you in "
        "person.",
        "Dites-nous sur quelles priorités le 4e plan devrait porter et où nous devrions vous "
        "rencontrer en personne.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        "ideas",
        OK.IDEAS,
        OS.CLOSED,
        "Share your ideas for the plan",
        "Proposez vos idées pour le plan",
        "What should be included in the plan? Submit an idea, support the ideas of others and "
        "discuss them.",
        "Que devrait contenir le plan? Proposez une idée, appuyez les idées des autres et "
        "discutez-en.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        "sessions",
        OK.SESSIONS,
        OS.CLOSED,
        "In-person and online sessions",
        "Séances en personne et en ligne",
        "Join us at a session across Canada, including sessions held at third-party events.",
        "Joignez-vous à nous lors d’une séance partout au Canada, y compris lors d’événements "
        "organisés par des tiers.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        "get-involved",
        OK.QUESTIONNAIRE,
        OS.CLOSED,
        "Get involved questionnaire",
        "Questionnaire Impliquez-vous",
        "Tell us how you would like to take part in open government.",
        "Dites-nous comment vous aimeriez participer au gouvernement ouvert.",
    ),
    (
        Phase.Kind.DRAFTING,
        "co-drafting",
        OK.CODRAFTING,
        OS.CLOSED,
        "Help us draft commitments",
        "Aidez-nous à rédiger des engagements",
        "Work with the Multi-stakeholder Forum and departments to draft the plan's commitments.",
        "Travaillez avec le Forum multi-intervenants et les ministères à la rédaction des "
        "engagements du plan.",
    ),
    (
        Phase.Kind.REVIEW,
        "draft-plan",
        OK.DRAFT_PLAN,
        OS.CLOSED,
        "Comment on the draft plan",
        "Commenter le plan provisoire",
        "Comment on each paragraph and commitment of the draft plan.",
        "Commentez chaque paragraphe et chaque engagement du plan provisoire.",
    ),
    (
        Phase.Kind.FINALIZATION,
        "final-plan",
        OK.FINAL_PLAN,
        OS.CLOSED,
        "Comment on the final plan",
        "Commenter le plan final",
        "Tell us what you think of the final plan.",
        "Dites-nous ce que vous pensez du plan final.",
    ),
    (
        Phase.Kind.IMPLEMENTATION,
        "milestone-tracking",
        OK.MILESTONE_TRACKING,
        OS.CLOSED,
        "Comment on milestone tracking",
        "Commentaire sur le suivi des jalons",
        "Follow the progress of each commitment and comment on its milestones.",
        "Suivez les progrès de chaque engagement et commentez ses jalons.",
    ),
]

PAGES = [
    (
        "about",
        "About open government",
        "Au sujet du gouvernement ouvert",
        "Open government is a way to build a better country by making government more open, more "
        "transparent and more accountable, by inviting citizens to take part in creating new "
        "policies and better services.\n\n"
        "Canada is a member of the Open Government Partnership, an international organisation "
        "that helps structure our open-government efforts. Through it, we produce a plan every "
        "two years, and you can check whether our commitments are being kept.\n\n"
        "To learn more about how to improve transparency, accountability and citizen "
        "participation in Canada, visit our Learning Centre.",
        "Le gouvernement ouvert, c’est une façon de construire un meilleur pays en rendant le "
        "gouvernement plus ouvert, plus transparent et plus imputable, en invitant la "
        "participation des citoyens à la création de nouvelles politiques et de meilleurs "
        "services.\n\n"
        "Le Canada est membre du Partenariat pour un gouvernement ouvert, un organisme "
        "international qui nous aide à structurer nos efforts en matière de gouvernement ouvert. "
        "Par son entremise, nous produisons un plan tous les deux ans, et vous pouvez vérifier si "
        "nos engagements sont tenus.\n\n"
        "Pour en savoir plus sur la façon d’améliorer la transparence, la responsabilité et la "
        "participation citoyenne au Canada, visitez notre Centre d’apprentissage.",
    ),
    (
        "rules",
        "Rules of participation",
        "Règles de participation",
        "Comments are moderated and may take some time to appear online.\n\n"
        "We will not publish comments that: are abusive, threatening, discriminatory or "
        "defamatory; contain personal information about you or others (such as a Social "
        "Insurance Number, a phone number, an address or medical details); are spam, advertising "
        "or off topic; are not in English or French, unless they can be translated; repeat the "
        "same message many times; or break a law.\n\n"
        "Please be respectful and keep to the subject of the consultation.",
        "Les commentaires sont modérés et peuvent prendre un certain temps avant d’apparaître en "
        "ligne.\n\n"
        "Nous ne publierons pas les commentaires qui : sont injurieux, menaçants, "
        "discriminatoires ou diffamatoires; contiennent des renseignements personnels sur vous ou "
        "sur d’autres personnes (comme un numéro d’assurance sociale, un numéro de téléphone, une "
        "adresse ou des renseignements médicaux); sont des pourriels, de la publicité ou hors "
        "sujet; ne sont ni en français ni en anglais, à moins de pouvoir être traduits; répètent "
        "plusieurs fois le même message; ou enfreignent une loi.\n\n"
        "Veuillez faire preuve de respect et vous en tenir au sujet de la consultation.",
    ),
    (
        "privacy",
        "Privacy notice",
        "Déclaration de confidentialité",
        "Providing the information requested is not mandatory. It is collected to respond to "
        "your enquiries or comments and to improve our online products and services. Your "
        "personal information is protected under the Privacy Act. Please do not include "
        "sensitive personal information in your message, such as your Social Insurance Number, "
        "personal financial information, or your medical or employment history.\n\n"
        "The collection and use of your personal information are authorized by section 7 of the "
        "Financial Administration Act. In exceptional circumstances (for example, investigating "
        "hackers or people who make threats or contemptuous remarks), personal information may "
        "be disclosed without your consent under subsection 8(2) of the Privacy Act.\n\n"
        "The personal information collected is described in the standard personal information "
        "bank Public Communications (PSU 914). It will be kept for only 18 months after the end "
        "of the activity, after which all identifying information will be deleted.\n\n"
        "Under the Privacy Act, you have the right to access your personal information and to "
        "correct it if you provided it. To exercise either right, you must make your request "
        "before the end of the retention period.\n\n"
        "All consultation responses received may be published in the What We Heard report and "
        "in the data set.",
        "La communication de l’information demandée n’est pas obligatoire. L’information est "
        "recueillie dans le but de répondre à votre demande de renseignements ou à vos "
        "commentaires et d’améliorer notre ensemble de produits et de services en ligne. Les "
        "renseignements personnels que vous fournissez sont protégés en vertu de la Loi sur la "
        "protection des renseignements personnels. Veuillez ne pas inclure de renseignements "
        "personnels à caractère délicat dans le message, comme votre numéro d’assurance sociale, "
        "des renseignements financiers personnels et vos antécédents médicaux ou "
        "professionnels.\n\n"
        "La collecte et l’utilisation de vos renseignements personnels sont autorisées en vertu "
        "de l’article 7 de la Loi sur la gestion des finances publiques. Dans des circonstances "
        "exceptionnelles (p. ex., enquête sur les pirates informatiques ou sur les personnes qui "
        "font des menaces ou des remarques méprisantes), des renseignements personnels peuvent "
        "être communiqués sans votre consentement aux termes du paragraphe 8(2) de la Loi sur la "
        "protection des renseignements personnels.\n\n"
        "Les renseignements personnels recueillis sont décrits dans le fichier de renseignements "
        "personnels ordinaire Communications publiques (POU 914). Ils seront conservés pendant "
        "18 mois seulement après l’achèvement de l’activité, après quoi tous les renseignements "
        "d’identification seront supprimés.\n\n"
        "En vertu de la Loi sur la protection des renseignements personnels, vous avez le droit "
        "de demander l’accès à vos renseignements personnels et de les modifier si vous en avez "
        "fourni. Pour exercer l’un ou l’autre de ces droits, vous devez présenter votre demande "
        "avant la fin de la période de conservation.\n\n"
        "Toutes les réponses aux consultations reçues peuvent être publiées dans le rapport sur "
        "ce que nous avons entendu et dans le jeu de données.",
    ),
]


# --- The current process: the next plan, its dates counted from the day the demo is loaded ---

PRIVACY_FIELDS = {
    key: value for key, value in PROCESS.items() if key.startswith(("privacy_", "personal_"))
}

# (kind, first day, last day) as days from today: Planning has started and is about to end (its
# questionnaire closes with it), Development contains today, the rest is to come. Implementation
# runs two years, as every plan's does.
CURRENT_SCHEDULE = [
    (Phase.Kind.PLANNING, -56, 13),
    (Phase.Kind.DEVELOPMENT, -28, 62),
    (Phase.Kind.DRAFTING, 63, 120),
    (Phase.Kind.REVIEW, 121, 180),
    (Phase.Kind.FINALIZATION, 181, 210),
    (Phase.Kind.IMPLEMENTATION, 211, 211 + 730),
]

# The texts of each phase, as for the 4th plan; "{start}" / "{end}" are the phase's month and
# year, written in the text's language ("{de_start}": "de février" / "d’avril" in French).
CURRENT_PHASE_TEXTS = {
    Phase.Kind.PLANNING: (
        "Online from {start}.",
        "En ligne à partir {de_start}.",
        "Tell us which priorities the next plan should focus on and where to meet you in person.",
        "Dites-nous sur quelles priorités le prochain plan devrait porter et où vous rencontrer "
        "en personne.",
    ),
    Phase.Kind.DEVELOPMENT: (
        "Online and in person until {end}.",
        "En ligne et en personne jusqu’en {end}.",
        "We want to gather your ideas on what should be included in the plan.",
        "Nous voulons recueillir vos idées sur ce qui devrait être inclus dans le plan.",
    ),
    Phase.Kind.DRAFTING: (
        "Online from {start} to {end}.",
        "En ligne {de_start} à {end}.",
        "We will define the commitments that move forward, with the Multi-stakeholder Forum and "
        "departments.",
        "Nous définirons les engagements qui vont progresser, avec le Forum multi-intervenants "
        "et les ministères.",
    ),
    Phase.Kind.REVIEW: (
        "Online from {start} to {end}.",
        "En ligne {de_start} à {end}.",
        "Once we have a draft plan, we will make it available to the public so that you can help "
        "us improve it.",
        "Une fois que nous aurons une ébauche de plan, nous allons la rendre accessible au public "
        "afin que vous puissiez nous aider à l’améliorer.",
    ),
    Phase.Kind.FINALIZATION: (
        "Online from {start}.",
        "En ligne à partir {de_start}.",
        "We will publish the final plan along with a report on what we heard and a data set of "
        "comments.",
        "Nous publierons le plan final ainsi qu’un rapport sur ce que nous avons entendu et un "
        "jeu de données composé de commentaires.",
    ),
    Phase.Kind.IMPLEMENTATION: (
        "Online and in person from {start}.",
        "En ligne et en personne à partir {de_start}.",
        "Civil-society representatives will work with government officials on the milestones of "
        "the plan and report on the progress made.",
        "Les représentants de la société civile travailleront avec les responsables "
        "gouvernementaux sur les jalons du plan et rendront compte des progrès réalisés.",
    ),
}

# (phase kind, slug, kind, status, title en, title fr, description en, description fr)
CURRENT_OPPORTUNITIES = [
    (
        Phase.Kind.PLANNING,
        "priorities",
        OK.QUESTIONNAIRE,
        OS.OPEN,
        "Planning questionnaire: priorities and where to meet",
        "Questionnaire de planification\u00a0: priorités et lieux de rencontre",
        "Tell us which priorities the next plan should focus on, and where we should meet you "
        "in person.",
        "Dites-nous sur quelles priorités le prochain plan devrait porter et où nous devrions "
        "vous rencontrer en personne.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        "ideas",
        OK.IDEAS,
        OS.OPEN,
        "Share your ideas for the plan",
        "Proposez vos idées pour le plan",
        "What should be included in the plan? Submit an idea, support the ideas of others and "
        "discuss them.",
        "Que devrait contenir le plan? Proposez une idée, appuyez les idées des autres et "
        "discutez-en.",
    ),
    (
        Phase.Kind.DEVELOPMENT,
        "sessions",
        OK.SESSIONS,
        OS.OPEN,
        "In-person and online sessions",
        "Séances en personne et en ligne",
        "Join us at a session across Canada, including sessions held at third-party events.",
        "Joignez-vous à nous lors d’une séance partout au Canada, y compris lors d’événements "
        "organisés par des tiers.",
    ),
    *[
        (phase_kind, slug, kind, OS.ANNOUNCED, *texts)
        for phase_kind, slug, kind, _status, *texts in OPPORTUNITIES
        if phase_kind
        in (
            Phase.Kind.DRAFTING,
            Phase.Kind.REVIEW,
            Phase.Kind.FINALIZATION,
            Phase.Kind.IMPLEMENTATION,
        )
    ],
]


# Month abbreviations as Canada.ca writes them, for the short labels of the cycle graphic.
SHORT_MONTHS = {
    "en": "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split(),
    "fr": "janv. févr. mars avr. mai juin juill. août sept. oct. nov. déc.".split(),
}


def _month(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "F Y")


def _dates_label(first: datetime.date, last: datetime.date, language: str) -> str:
    """ "Nov. 2026 – Feb. 2027" (one month: "June 2027"), short enough for the graphic."""
    months = SHORT_MONTHS[language]
    start = f"{months[first.month - 1]} {first.year}"
    end = f"{months[last.month - 1]} {last.year}"
    label = start if start == end else f"{start} – {end}"
    return label[0].upper() + label[1:]


def current_phase_dates(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The current process's phases as (first day, last day), counted from `today`."""
    return {
        kind: (today + datetime.timedelta(days=first), today + datetime.timedelta(days=last))
        for kind, first, last in CURRENT_SCHEDULE
    }


def current_spec(today: datetime.date) -> tuple[dict, list[tuple]]:
    """The current process's fields and phase rows (shaped as PHASES), from `today`."""
    dates = current_phase_dates(today)
    implementation = dates[Phase.Kind.IMPLEMENTATION]
    years = f"{implementation[0].year}–{implementation[1].year}"
    publication_en = _month(implementation[0], "en")
    publication_fr = _month(implementation[0], "fr")
    process = {
        "title_en": f"Developing Canada's 5th Plan on Open Government {years}",
        "title_fr": f"Élaborer le cinquième Plan du Canada pour un gouvernement ouvert {years}",
        "summary_en": PROCESS["summary_en"],
        "summary_fr": PROCESS["summary_fr"],
        "introduction_en": (
            "The Multi-stakeholder Forum plays a key role in this collaborative process.\n\n"
            f"We are now creating the 5th plan, which will be published in {publication_en}. "
            "This is your chance to help make government more open and more responsive."
        ),
        "introduction_fr": (
            "Le Forum multi-intervenants joue un rôle clé dans ce processus collaboratif.\n\n"
            "Nous sommes maintenant en train de créer le 5e plan, qui sera publié en "
            f"{publication_fr}. Il s’agit d’une occasion pour vous de contribuer à rendre le "
            "gouvernement plus ouvert et plus réactif."
        ),
        **PRIVACY_FIELDS,
        "status": Process.Status.ACTIVE,
        "starts_on": dates[Phase.Kind.PLANNING][0],
        "ends_on": implementation[1],
        "participation_deadline": dates[Phase.Kind.FINALIZATION][1],
        "retention_months": 18,
    }
    rows = []
    for row in PHASES:
        kind, _starts, _ends, name_en, name_fr, _den, _dfr, purpose_en, purpose_fr = row[:9]
        starts, ends = dates[kind]
        how_en, how_fr, what_en, what_fr = CURRENT_PHASE_TEXTS[kind]
        months = {
            language: {"start": _month(starts, language), "end": _month(ends, language)}
            for language in ("en", "fr")
        }
        first = months["fr"]["start"]
        months["fr"]["de_start"] = f"d’{first}" if first[0] in "aeiou" else f"de {first}"
        rows.append(
            (
                kind,
                starts,
                ends,
                name_en,
                name_fr,
                _dates_label(starts, ends, "en"),
                _dates_label(starts, ends, "fr"),
                purpose_en,
                purpose_fr,
                how_en.format(**months["en"]),
                how_fr.format(**months["fr"]),
                what_en,
                what_fr,
            )
        )
    return process, rows


def _load_process(slug: str, fields: dict, phase_rows: list, opportunities: list) -> Process:
    process, _ = Process.objects.update_or_create(slug=slug, defaults=fields)
    phases = {}
    for position, row in enumerate(phase_rows, start=1):
        (
            kind,
            starts,
            ends,
            name_en,
            name_fr,
            dates_en,
            dates_fr,
            purpose_en,
            purpose_fr,
            how_en,
            how_fr,
            what_en,
            what_fr,
        ) = row
        phases[kind], _ = Phase.objects.update_or_create(
            process=process,
            kind=kind,
            defaults={
                "position": position,
                "starts_on": starts,
                "ends_on": ends,
                "name_en": name_en,
                "name_fr": name_fr,
                "dates_label_en": dates_en,
                "dates_label_fr": dates_fr,
                "purpose_en": purpose_en,
                "purpose_fr": purpose_fr,
                "how_to_take_part_en": how_en,
                "how_to_take_part_fr": how_fr,
                "what_happens_en": what_en,
                "what_happens_fr": what_fr,
            },
        )
    for position, row in enumerate(opportunities):
        phase_kind, slug, kind, status, title_en, title_fr, desc_en, desc_fr = row
        phase = phases[phase_kind]
        closes_at = None
        if status == OS.OPEN:
            # Open until the last minute of its phase (Ottawa time), so the page can say until
            # when.
            closes_at = datetime.datetime.combine(phase.ends_on, datetime.time(23, 59), tzinfo=TZ)
        Opportunity.objects.update_or_create(
            phase=phase,
            slug=slug,
            defaults={
                "kind": kind,
                "status": status,
                "closes_at": closes_at,
                "title_en": title_en,
                "title_fr": title_fr,
                "description_en": desc_en,
                "description_fr": desc_fr,
                "position": position,
            },
        )
    if process.current_phase_override_id is not None:
        process.current_phase_override = None
        process.save(update_fields=["current_phase_override"])
    return process


def load(stdout=None) -> Process:
    """Load both processes and the static pages; return the 4th plan (the complete story)."""
    past = _load_process(
        PAST_SLUG,
        {
            **PROCESS,
            "status": Process.Status.COMPLETED,
            "starts_on": d(2017, 10, 1),
            "ends_on": d(2020, 6, 30),
            "participation_deadline": d(2018, 6, 30),
            "retention_months": 18,
        },
        PHASES,
        OPPORTUNITIES,
    )
    # The team set the 4th plan up in September 2017, before its first phase opened.
    Process.objects.filter(pk=past.pk).update(created_at=at(2017, 9, 15))
    fields, rows = current_spec(timezone.localdate())
    current = _load_process(CURRENT_SLUG, fields, rows, CURRENT_OPPORTUNITIES)
    Process.objects.filter(pk=current.pk).update(
        created_at=datetime.datetime.combine(
            fields["starts_on"] - datetime.timedelta(days=14), datetime.time(10), tzinfo=TZ
        )
    )
    for slug, title_en, title_fr, body_en, body_fr in PAGES:
        StaticPage.objects.update_or_create(
            slug=slug,
            defaults={
                "title_en": title_en,
                "title_fr": title_fr,
                "body_en": body_en,
                "body_fr": body_fr,
            },
        )
    if stdout is not None:
        stdout.write(f"processes: {past.slug} (completed) and {current.slug} (current)\n")
    past.refresh_from_db()
    return past
