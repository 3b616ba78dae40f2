"""The demo codebook (two levels) and dispositions: the labels of the evaluation corpus."""

from __future__ import annotations

# (code, English name, French name, English description, French description, sub-themes)
DEMO_CODEBOOK: list[tuple[str, str, str, str, str, list[tuple[str, str, str, str, str]]]] = [
    (
        "open-information",
        "Open information",
        "Information ouverte",
        "Data, records and research made available to the public.",
        "Données, documents et recherche rendus accessibles au public.",
        [
            (
                "open-data",
                "Open data",
                "Données ouvertes",
                "Releasing government data: portal, formats, standards, quality, APIs.",
                "Publication des données du gouvernement : portail, formats, normes, qualité, API.",
            ),
            (
                "access-to-information",
                "Access to information",
                "Accès à l'information",
                "The access to information regime: requests, delays, exemptions, proactive "
                "disclosure.",
                "Le régime d'accès à l'information : demandes, délais, exceptions, divulgation "
                "proactive.",
            ),
            (
                "open-science",
                "Open science",
                "Science ouverte",
                "Open access to federal research, scientific integrity, research data.",
                "Libre accès à la recherche fédérale, intégrité scientifique, "
                "données de recherche.",
            ),
        ],
    ),
    (
        "accountability",
        "Transparency and accountability",
        "Transparence et reddition de comptes",
        "Following the money and the influence.",
        "Suivre l'argent et l'influence.",
        [
            (
                "fiscal-transparency",
                "Fiscal transparency",
                "Transparence financière",
                "Budgets, spending, contracts, grants and results.",
                "Budgets, dépenses, contrats, subventions et résultats.",
            ),
            (
                "corporate-transparency",
                "Corporate and political transparency",
                "Transparence des entreprises et de la vie politique",
                "Beneficial ownership, lobbying, political finance, ethics, whistleblowers.",
                "Propriété effective, lobbying, financement politique, éthique, dénonciateurs.",
            ),
        ],
    ),
    (
        "participation-inclusion",
        "Participation and inclusion",
        "Participation et inclusion",
        "Who takes part, how, and in which language.",
        "Qui participe, comment et dans quelle langue.",
        [
            (
                "public-participation",
                "Public participation",
                "Participation du public",
                "Consultations, engagement, feedback on what was done with input.",
                "Consultations, mobilisation, suivi de ce qui a été fait des commentaires.",
            ),
            (
                "indigenous-reconciliation",
                "Reconciliation with Indigenous peoples",
                "Réconciliation avec les peuples autochtones",
                "Indigenous participation, data sovereignty, treaties, records.",
                "Participation des Autochtones, souveraineté des données, traités, dossiers.",
            ),
            (
                "accessibility-inclusion",
                "Accessibility, languages and inclusion",
                "Accessibilité, langues et inclusion",
                "Accessibility, plain language, official languages, equity.",
                "Accessibilité, langage clair, langues officielles, équité.",
            ),
        ],
    ),
    (
        "digital-government",
        "Digital government",
        "Gouvernement numérique",
        "Services online and the data they hold.",
        "Les services en ligne et les données qu'ils détiennent.",
        [
            (
                "privacy-security",
                "Privacy and data protection",
                "Vie privée et protection des données",
                "Privacy law, breaches, surveillance, automated decisions.",
                "Loi sur la vie privée, atteintes, surveillance, décisions automatisées.",
            ),
            (
                "digital-services",
                "Digital services",
                "Services numériques",
                "Websites, online services, open source, IT projects, connectivity.",
                "Sites Web, services en ligne, logiciels libres, projets de TI, connectivité.",
            ),
        ],
    ),
]

# (code, English, French, counts as a response)
DEMO_DISPOSITIONS = [
    ("included", "Included in the plan", "Intégré au plan", True),
    ("guidance", "Implementation guidance", "Orientation pour la mise en œuvre", True),
    ("future", "Future consideration", "Pour examen ultérieur", True),
    ("underway", "Already underway", "Déjà en cours", True),
    ("out-of-scope", "Out of scope", "Hors de la portée", True),
]


def corpus_path():
    from pathlib import Path

    return Path(__file__).resolve().parent / "data" / "corpus.csv"
