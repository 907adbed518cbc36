"""Text of the demo US course (academy.demo): French module titles, and every lesson's body,
reflection prompt and knowledge check in English and French.

Pure data, written for the demo from the hub's seed documents (the 10-step roadmap, the North
America impact report, the hub and Resource Hub pages). In `check`, a choice is
(text, text_fr, correct, feedback, feedback_fr); a true_false question has `is_true`.
"""

COURSE_FR_OUTCOMES = (
    "<ul><li>Expliquer l’approche de santé publique de la prévention</li><li>Cartographier les "
    "risques, les besoins et les partenaires locaux</li><li>Rédiger un plan d’action en suivant la "
    "feuille de route en 10 étapes</li></ul>"
)

COMPLETION_RULE_FR = (
    "Terminez toutes les leçons obligatoires et réussissez leurs vérifications des connaissances."
)

# module slug -> (French title, French summary, French slug)
MODULES_FR = {
    "public-health-approach": (
        "Une approche de santé publique de la prévention",
        (
            "Pourquoi la prévention fonctionne comme la santé publique : prévention primaire, "
            "secondaire et tertiaire."
        ),
        "approche-sante-publique",
    ),
    "mapping-your-city": (
        "Cartographier votre ville",
        "Comprendre les risques et les besoins locaux, ainsi que les services déjà en place.",
        "cartographier-votre-ville",
    ),
    "roadmap-steps-1-3": (
        "La feuille de route, étapes 1 à 3",
        "Les comités consultatifs, une définition commune du problème et un mandat.",
        "feuille-de-route-etapes-1-a-3",
    ),
    "roadmap-steps-4-7": (
        "La feuille de route, étapes 4 à 7",
        (
            "Les petites subventions, la formation et les partenariats avec les organismes "
            "communautaires."
        ),
        "feuille-de-route-etapes-4-a-7",
    ),
    "roadmap-steps-8-10": (
        "La feuille de route, étapes 8 à 10",
        "L’évaluation, l’apprentissage et la pérennité du travail.",
        "feuille-de-route-etapes-8-a-10",
    ),
    "coordination": (
        "Une coordination à l’échelle de la ville",
        (
            "Les services municipaux, la police, les écoles et les leaders religieux autour d’une "
            "même table."
        ),
        "coordination-a-l-echelle-de-la-ville",
    ),
    "online-harms": (
        "Préjudices en ligne, conséquences hors ligne",
        "Comment les menaces en ligne atteignent les communautés locales.",
        "prejudices-en-ligne-consequences-hors-ligne",
    ),
    "protecting-officials": (
        "Protéger les élus et le personnel",
        (
            "La haine antigouvernementale, le harcèlement et la divulgation malveillante de "
            "données personnelles (doxing)."
        ),
        "proteger-les-elus-et-le-personnel",
    ),
    "responding-to-attacks": (
        "Réagir aux attaques",
        "Les premières heures, les premiers mois et les premières années après une attaque.",
        "reagir-aux-attaques",
    ),
    "your-action-plan": (
        "Le plan d’action de votre ville",
        "Faire du cours un plan pour votre ville.",
        "plan-d-action-de-votre-ville",
    ),
}

# lesson slug -> body, reflection and knowledge check, in English and French
LESSONS = {
    "levels-of-prevention": {
        "summary": (
            "Primary, secondary and tertiary prevention, and the levers a city holds at each level."
        ),
        "body": [
            (
                "<p>Public health does not wait for people to fall ill: it reduces the conditions "
                "that make illness likely, catches problems early and helps people recover. Cities "
                "can approach hate and targeted violence in the same way. Rather than treating "
                "them only as a matter for police and security services, a public-health approach "
                "asks what the whole city, its services, partners and residents, can do before, "
                "during and after harm occurs.</p>"
            ),
            (
                "<p>Prevention is usually described at three levels:</p><ul><li><strong>Primary "
                "prevention</strong> reaches everyone, long before any warning signs. It builds "
                "trust, belonging and resilience: inclusive public spaces, civic education, "
                "programmes that connect neighbourhoods and communities.</li><li><strong>Secondary "
                "prevention</strong> focuses on people, places or groups where early signs of risk "
                "have appeared, such as a young person drawn into hateful online spaces, or rising "
                "tension between two communities after a global crisis. The aim is to step in "
                "early, with support rather than punishment.</li><li><strong>Tertiary "
                "prevention</strong> works with people already involved in hate or violence, and "
                "with communities after harm has happened: helping people disengage, supporting "
                "victims and repairing relationships.</li></ul>"
            ),
            (
                "<p>Cities hold levers at every level. Housing, health, education, parks and "
                "recreation, libraries and community engagement teams already deliver services "
                "that can carry prevention. Your city does not need to build everything from "
                "scratch; often the task is to connect what exists and fill the gaps.</p>"
            ),
            (
                "<p>Which level to invest in depends on local needs and means. Many cities start "
                "with primary prevention because it is broad, less stigmatising and builds the "
                "relationships that secondary and tertiary work rely on. Whatever the mix, the "
                "approach is grounded in human rights: prevention must never treat whole "
                "communities as suspects.</p>"
            ),
        ],
        "title_fr": "Les trois niveaux de prévention",
        "slug_fr": "trois-niveaux-de-prevention",
        "summary_fr": (
            "La prévention primaire, secondaire et tertiaire, et les leviers dont une ville "
            "dispose à chaque niveau."
        ),
        "body_fr": [
            (
                "<p>La santé publique n’attend pas que les gens tombent malades : elle réduit les "
                "conditions qui rendent la maladie probable, repère les problèmes tôt et aide les "
                "personnes à se rétablir. Les villes peuvent aborder la haine et la violence "
                "ciblée de la même manière. Plutôt que d’en faire uniquement une affaire de police "
                "et de sécurité, une approche de santé publique se demande ce que toute la ville, "
                "avec ses services, ses partenaires et ses habitants, peut faire avant, pendant et "
                "après un préjudice.</p>"
            ),
            (
                "<p>On distingue généralement trois niveaux de prévention :</p><ul><li><strong>La "
                "prévention primaire</strong> s’adresse à toute la population, bien avant tout "
                "signe d’alerte. Elle renforce la confiance, le sentiment d’appartenance et la "
                "résilience : espaces publics inclusifs, éducation civique, programmes qui relient "
                "les quartiers et les communautés.</li><li><strong>La prévention "
                "secondaire</strong> vise les personnes, les lieux ou les groupes où des signes "
                "précoces de risque sont apparus, par exemple un jeune attiré par des espaces "
                "haineux en ligne, ou des tensions croissantes entre deux communautés après une "
                "crise mondiale. Il s’agit d’intervenir tôt, par l’accompagnement plutôt que par "
                "la sanction.</li><li><strong>La prévention tertiaire</strong> s’adresse aux "
                "personnes déjà engagées dans la haine ou la violence, ainsi qu’aux communautés "
                "après un préjudice : aider les personnes à se désengager, soutenir les victimes "
                "et réparer les liens.</li></ul>"
            ),
            (
                "<p>Les villes disposent de leviers à chaque niveau. Le logement, la santé, "
                "l’éducation, les parcs et loisirs, les bibliothèques et les équipes de "
                "participation citoyenne offrent déjà des services qui peuvent porter la "
                "prévention. Votre ville n’a pas besoin de tout bâtir à partir de zéro ; il s’agit "
                "souvent de relier ce qui existe et de combler les lacunes.</p>"
            ),
            (
                "<p>Le niveau où investir dépend des besoins et des moyens locaux. Beaucoup de "
                "villes commencent par la prévention primaire, parce qu’elle est large, moins "
                "stigmatisante et qu’elle tisse les relations dont dépendent les interventions "
                "secondaires et tertiaires. Quelle que soit la combinaison retenue, l’approche "
                "repose sur les droits de la personne : la prévention ne doit jamais traiter des "
                "communautés entières en suspectes.</p>"
            ),
        ],
        "reflection": (
            "Which services in your city already work at each level of prevention, even if nobody "
            "calls it prevention?"
        ),
        "reflection_fr": (
            "Quels services de votre ville agissent déjà à chaque niveau de prévention, même si "
            "personne ne parle de prévention ?"
        ),
        "check": [
            {
                "kind": "single_choice",
                "question": (
                    "A city funds mentoring for young people who have started spending time in "
                    "hateful online spaces. Which level of prevention is this?"
                ),
                "question_fr": (
                    "Une ville finance du mentorat pour des jeunes qui ont commencé à fréquenter "
                    "des espaces haineux en ligne. De quel niveau de prévention s’agit-il ?"
                ),
                "choices": [
                    (
                        "Primary prevention",
                        "La prévention primaire",
                        False,
                        (
                            "Not quite. Primary prevention reaches everyone before any warning "
                            "signs; these young people already show early signs of risk."
                        ),
                        (
                            "Pas tout à fait. La prévention primaire s’adresse à tous, avant tout "
                            "signe d’alerte ; ces jeunes montrent déjà des signes précoces de "
                            "risque."
                        ),
                    ),
                    (
                        "Secondary prevention",
                        "La prévention secondaire",
                        True,
                        (
                            "Right. The programme targets people showing early signs of risk and "
                            "offers support rather than punishment."
                        ),
                        (
                            "Exact. Le programme vise des personnes qui montrent des signes "
                            "précoces de risque et leur offre un accompagnement plutôt qu’une "
                            "sanction."
                        ),
                    ),
                    (
                        "Tertiary prevention",
                        "La prévention tertiaire",
                        False,
                        (
                            "Not quite. Tertiary prevention works with people already involved in "
                            "hate or violence, or with communities after harm has happened."
                        ),
                        (
                            "Pas tout à fait. La prévention tertiaire s’adresse aux personnes déjà "
                            "engagées dans la haine ou la violence, ou aux communautés après un "
                            "préjudice."
                        ),
                    ),
                ],
            },
            {
                "kind": "multiple_choice",
                "question": "Which of these are examples of primary prevention?",
                "question_fr": "Lesquels de ces exemples relèvent de la prévention primaire ?",
                "choices": [
                    (
                        "A city-wide programme that brings neighbourhoods and communities together",
                        (
                            "Un programme à l’échelle de la ville qui rapproche les quartiers et "
                            "les communautés"
                        ),
                        True,
                        "Yes. It reaches everyone and builds belonging before any warning signs.",
                        (
                            "Oui. Il s’adresse à tous et renforce le sentiment d’appartenance "
                            "avant tout signe d’alerte."
                        ),
                    ),
                    (
                        "Civic education in schools on belonging and disinformation",
                        "L’éducation civique à l’école sur l’appartenance et la désinformation",
                        True,
                        "Yes. It builds resilience across a whole population of students.",
                        "Oui. Elle renforce la résilience de l’ensemble des élèves.",
                    ),
                    (
                        "A disengagement programme for someone convicted of a hate crime",
                        (
                            "Un programme de désengagement pour une personne condamnée pour un "
                            "crime haineux"
                        ),
                        False,
                        (
                            "This is tertiary prevention: the person is already involved in hate "
                            "or violence."
                        ),
                        (
                            "Il s’agit de prévention tertiaire : la personne est déjà engagée dans "
                            "la haine ou la violence."
                        ),
                    ),
                    (
                        "Support for victims after an attack",
                        "Le soutien aux victimes après une attaque",
                        False,
                        (
                            "This is tertiary prevention: it helps a community after harm has "
                            "happened."
                        ),
                        (
                            "Il s’agit de prévention tertiaire : elle aide une communauté après un "
                            "préjudice."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "In a public-health approach, preventing hate is the job of the police alone."
                ),
                "question_fr": (
                    "Dans une approche de santé publique, prévenir la haine relève de la seule "
                    "police."
                ),
                "is_true": False,
                "feedback_true": (
                    "Not quite. Police have a role, but a public-health approach involves the "
                    "whole city: its services, community organisations and residents."
                ),
                "feedback_true_fr": (
                    "Pas tout à fait. La police a un rôle à jouer, mais une approche de santé "
                    "publique mobilise toute la ville : ses services, les organismes "
                    "communautaires et les habitants."
                ),
                "feedback_false": (
                    "Correct. A public-health approach draws on the whole city, from housing and "
                    "health to libraries and community organisations."
                ),
                "feedback_false_fr": (
                    "Exact. Une approche de santé publique mobilise toute la ville, du logement et "
                    "de la santé aux bibliothèques et aux organismes communautaires."
                ),
            },
        ],
    },
    "risk-and-protective-factors": {
        "summary": (
            "What makes hate more or less likely to take hold in a community, and how a city can "
            "act on both."
        ),
        "body": [
            (
                "<p>Public health thinks in terms of factors that make harm more or less likely. "
                "Risk factors raise the chances that hate or violence takes hold in a community; "
                "protective factors lower them. Neither predicts what any one person will do: most "
                "people exposed to risk factors never harm anyone. The point is to change "
                "conditions, not to profile people.</p>"
            ),
            (
                "<p>Risk factors that cities in North America have raised "
                "include:</p><ul><li>misinformation, disinformation and conspiracy narratives, "
                "including around elections;</li><li>growing distrust of institutions and "
                "anti-government sentiment;</li><li>feelings of marginalisation in parts of the "
                "city that are seen as hard to reach;</li><li>the local fallout of global crises, "
                "such as wars abroad, which can stir tension between communities at home.</li></ul>"
            ),
            (
                "<p>Protective factors are often the ordinary strengths of a community: trust "
                "between residents and local government, a sense of belonging, strong community "
                "organisations, relationships across faith and cultural groups, and access to "
                "services. The hub treats trust between cities and communities as the foundation "
                "of lasting prevention, and that trust is built in calm times, not in the middle "
                "of a crisis.</p>"
            ),
            (
                "<p>A city can work on both sides at once. It can reduce risks, for example by "
                "answering rumours quickly with accurate information, and strengthen protection, "
                "for example by supporting youth and faith organisations or keeping libraries and "
                "recreation centres open as shared spaces. Ask of every programme: which risk does "
                "it reduce, and which strength does it build?</p>"
            ),
        ],
        "title_fr": "Facteurs de risque et facteurs de protection",
        "slug_fr": "facteurs-de-risque-et-de-protection",
        "summary_fr": (
            "Ce qui rend la haine plus ou moins susceptible de s’enraciner dans une communauté, et "
            "comment une ville peut agir sur les deux."
        ),
        "body_fr": [
            (
                "<p>La santé publique raisonne en facteurs qui rendent un préjudice plus ou moins "
                "probable. Les facteurs de risque augmentent les chances que la haine ou la "
                "violence s’installe dans une communauté ; les facteurs de protection les "
                "réduisent. Ni les uns ni les autres ne prédisent ce que fera une personne "
                "donnée : la plupart des gens exposés à des facteurs de risque ne font jamais de "
                "mal à personne. Il s’agit de changer les conditions, pas de profiler des "
                "personnes.</p>"
            ),
            (
                "<p>Parmi les facteurs de risque soulevés par des villes d’Amérique du "
                "Nord :</p><ul><li>la mésinformation, la désinformation et les récits "
                "complotistes, notamment autour des élections ;</li><li>la méfiance croissante "
                "envers les institutions et le sentiment antigouvernemental ;</li><li>le sentiment "
                "de marginalisation dans des secteurs de la ville jugés difficiles à "
                "joindre ;</li><li>les répercussions locales des crises mondiales, comme les "
                "guerres à l’étranger, qui peuvent attiser les tensions entre communautés ici "
                "même.</li></ul>"
            ),
            (
                "<p>Les facteurs de protection sont souvent les forces ordinaires d’une "
                "communauté : la confiance entre les habitants et l’administration locale, le "
                "sentiment d’appartenance, des organismes communautaires solides, des liens entre "
                "groupes religieux et culturels, et l’accès aux services. Le Hub considère la "
                "confiance entre les villes et les communautés comme le fondement d’une prévention "
                "durable, et cette confiance se construit en temps calme, pas au milieu d’une "
                "crise.</p>"
            ),
            (
                "<p>Une ville peut agir des deux côtés à la fois. Elle peut réduire les risques, "
                "par exemple en répondant vite aux rumeurs avec des informations exactes, et "
                "renforcer la protection, par exemple en soutenant les organismes de jeunes et les "
                "organismes confessionnels ou en gardant les bibliothèques et les centres de "
                "loisirs ouverts comme espaces communs. Posez la question pour chaque programme : "
                "quel risque réduit-il, et quelle force renforce-t-il ?</p>"
            ),
        ],
        "reflection": (
            "Name one risk factor and one protective factor you see in your city. Which department "
            "or partner is best placed to act on each?"
        ),
        "reflection_fr": (
            "Nommez un facteur de risque et un facteur de protection que vous observez dans votre "
            "ville. Quel service ou partenaire est le mieux placé pour agir sur chacun ?"
        ),
        "check": [],
    },
    "needs-assessments": {
        "summary": (
            "Building an inclusive picture of local risks, needs and the services already in place."
        ),
        "body": [
            (
                "<p>Before deciding what to do, a city needs a clear picture of what it faces. A "
                "needs and vulnerabilities assessment looks at the local hate and extremism "
                "landscape, at who is affected and how, and at the services, organisations and "
                "people already working on the problem. The goal is an inclusive map, not just a "
                "list of threats.</p>"
            ),
            (
                "<p>The hub used this method in a two-year project launched in October 2023 with "
                "Boston Children's Hospital, the University of Illinois Chicago and the Prevention "
                "Practitioners Network, to help several small and mid-sized US cities build local "
                "prevention frameworks. Each assessment was tailored to its city and included "
                "community surveys. With a local working group, the hub then identified state and "
                "local resources that could support prevention, and each city set its priorities "
                "from there.</p>"
            ),
            (
                "<p>A useful assessment usually combines:</p><ul><li><strong>Data</strong> on "
                "incidents, reports and trends, including online activity. Many hate incidents are "
                "never reported, so no single source tells the whole "
                "story.</li><li><strong>Voices</strong> from communities, gathered through "
                "surveys, listening sessions and community organisations, especially from groups "
                "that rarely talk to city hall.</li><li><strong>An inventory</strong> of existing "
                "programmes, services, funding and partners.</li></ul>"
            ),
            (
                "<p>Do not do it alone. The roadmap suggests that the mapping be led by the city's "
                "community liaison, violence or hate prevention, or public safety leads, with "
                "external experts and input from community organisations themselves. Threat "
                "briefings can help: drawing on analysis by the Institute for Strategic Dialogue, "
                "the hub has given individual briefings to more than 20 cities in North "
                "America.</p>"
            ),
            (
                "<p>Finally, share what you learn with the people who contributed. An assessment "
                "that comes back to the community builds the trust that every later step depends "
                "on.</p>"
            ),
        ],
        "title_fr": "Évaluer les besoins et les vulnérabilités",
        "slug_fr": "evaluer-besoins-et-vulnerabilites",
        "summary_fr": (
            "Dresser un portrait inclusif des risques et des besoins locaux, et des services déjà "
            "en place."
        ),
        "body_fr": [
            (
                "<p>Avant de décider quoi faire, une ville a besoin d’un portrait clair de la "
                "situation. Une évaluation des besoins et des vulnérabilités examine le paysage "
                "local de la haine et de l’extrémisme, les personnes touchées et la manière dont "
                "elles le sont, ainsi que les services, les organismes et les personnes qui "
                "travaillent déjà sur la question. Le but est une cartographie inclusive, pas une "
                "simple liste de menaces.</p>"
            ),
            (
                "<p>Le Hub a appliqué cette méthode dans un projet de deux ans lancé en octobre "
                "2023 avec le Boston Children’s Hospital, l’Université de l’Illinois à Chicago et "
                "le Prevention Practitioners Network, pour aider plusieurs petites et moyennes "
                "villes américaines à bâtir des cadres locaux de prévention. Chaque évaluation "
                "était adaptée à sa ville et comprenait des sondages auprès de la population. Avec "
                "un groupe de travail local, le Hub a ensuite repéré les ressources de l’État et "
                "locales pouvant soutenir la prévention, et chaque ville a fixé ses priorités à "
                "partir de là.</p>"
            ),
            (
                "<p>Une évaluation utile combine généralement :</p><ul><li><strong>Des "
                "données</strong> sur les incidents, les signalements et les tendances, y compris "
                "l’activité en ligne. Beaucoup d’incidents haineux ne sont jamais signalés ; "
                "aucune source ne raconte donc toute l’histoire à elle seule.</li><li><strong>Des "
                "voix</strong> des communautés, recueillies par des sondages, des séances d’écoute "
                "et les organismes communautaires, surtout celles des groupes qui s’adressent "
                "rarement à l’hôtel de ville.</li><li><strong>Un inventaire</strong> des "
                "programmes, services, financements et partenaires existants.</li></ul>"
            ),
            (
                "<p>Ne le faites pas seul. La feuille de route propose que la cartographie soit "
                "menée par les responsables municipaux de la liaison communautaire, de la "
                "prévention de la violence ou de la haine, ou de la sécurité publique, avec des "
                "experts externes et l’apport des organismes communautaires eux-mêmes. Les séances "
                "d’information sur les menaces peuvent aider : en s’appuyant sur les analyses de "
                "l’Institute for Strategic Dialogue, le Hub a offert des séances individuelles à "
                "plus de 20 villes d’Amérique du Nord.</p>"
            ),
            (
                "<p>Enfin, partagez ce que vous apprenez avec les personnes qui y ont contribué. "
                "Une évaluation qui revient vers la communauté bâtit la confiance dont dépendent "
                "toutes les étapes suivantes.</p>"
            ),
        ],
        "reflection": (
            "Which groups in your city would be hardest to hear from in an assessment, and who "
            "could help you reach them?"
        ),
        "reflection_fr": (
            "Quels groupes de votre ville seraient les plus difficiles à entendre lors d’une "
            "évaluation, et qui pourrait vous aider à les joindre ?"
        ),
        "check": [
            {
                "kind": "multiple_choice",
                "question": "Which sources belong in a needs and vulnerabilities assessment?",
                "question_fr": (
                    "Quelles sources ont leur place dans une évaluation des besoins et des "
                    "vulnérabilités ?"
                ),
                "choices": [
                    (
                        "Community surveys and listening sessions",
                        "Des sondages auprès de la population et des séances d’écoute",
                        True,
                        "Yes. Communities' own voices show needs that data alone misses.",
                        (
                            "Oui. La voix des communautés révèle des besoins que les données "
                            "seules ne montrent pas."
                        ),
                    ),
                    (
                        "An inventory of existing services, programmes and partners",
                        "Un inventaire des services, programmes et partenaires existants",
                        True,
                        (
                            "Yes. Knowing what already exists lets the city build on it and spot "
                            "the gaps."
                        ),
                        (
                            "Oui. Connaître ce qui existe permet à la ville de s’en servir et de "
                            "repérer les lacunes."
                        ),
                    ),
                    (
                        "Police incident data on its own, since it is complete",
                        (
                            "Les seules données policières sur les incidents, puisqu’elles sont "
                            "complètes"
                        ),
                        False,
                        (
                            "Police data is useful but not complete: many hate incidents are never "
                            "reported, so it should be combined with other sources."
                        ),
                        (
                            "Les données policières sont utiles mais incomplètes : beaucoup "
                            "d’incidents haineux ne sont jamais signalés, il faut donc les "
                            "combiner avec d’autres sources."
                        ),
                    ),
                    (
                        "Analysis of online activity and threat trends",
                        "L’analyse de l’activité en ligne et des tendances des menaces",
                        True,
                        (
                            "Yes. Threats increasingly start online, and threat briefings can show "
                            "what is happening in your city."
                        ),
                        (
                            "Oui. Les menaces naissent de plus en plus en ligne, et les séances "
                            "d’information sur les menaces peuvent montrer ce qui se passe dans "
                            "votre ville."
                        ),
                    ),
                ],
            },
            {
                "kind": "single_choice",
                "question": "According to the roadmap, who should lead a city's initial mapping?",
                "question_fr": (
                    "Selon la feuille de route, qui devrait mener la cartographie initiale d’une "
                    "ville ?"
                ),
                "choices": [
                    (
                        "An external consultant, working alone",
                        "Un consultant externe, travaillant seul",
                        False,
                        (
                            "External experts help, but the roadmap puts city leads in charge and "
                            "asks community organisations for their input."
                        ),
                        (
                            "Les experts externes aident, mais la feuille de route confie la "
                            "démarche à des responsables municipaux et sollicite l’apport des "
                            "organismes communautaires."
                        ),
                    ),
                    (
                        (
                            "The city's community liaison, prevention or public safety leads, with "
                            "outside experts and community organisations"
                        ),
                        (
                            "Les responsables municipaux de la liaison communautaire, de la "
                            "prévention ou de la sécurité publique, avec des experts externes et "
                            "les organismes communautaires"
                        ),
                        True,
                        (
                            "Right. City leads take charge, supported by outside expertise and by "
                            "the organisations that know the communities."
                        ),
                        (
                            "Exact. Des responsables municipaux pilotent la démarche, appuyés par "
                            "une expertise externe et par les organismes qui connaissent les "
                            "communautés."
                        ),
                    ),
                    (
                        "The national government",
                        "Le gouvernement national",
                        False,
                        (
                            "Not quite. The roadmap is a bottom-up approach: local government and "
                            "communities are closest to the problem."
                        ),
                        (
                            "Pas tout à fait. La feuille de route suit une approche ascendante : "
                            "l’administration locale et les communautés sont les plus proches du "
                            "problème."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "Sharing an assessment's findings with the communities who took part helps "
                    "build trust."
                ),
                "question_fr": (
                    "Communiquer les résultats d’une évaluation aux communautés qui y ont "
                    "participé aide à bâtir la confiance."
                ),
                "is_true": True,
                "feedback_true": (
                    "Correct. People who see their input used are more willing to keep working "
                    "with the city."
                ),
                "feedback_true_fr": (
                    "Exact. Les personnes qui voient leur contribution prise en compte sont plus "
                    "disposées à continuer de travailler avec la ville."
                ),
                "feedback_false": (
                    "Think again. Bringing results back to communities shows their input mattered "
                    "and builds the trust later steps depend on."
                ),
                "feedback_false_fr": (
                    "Réfléchissez encore. Rapporter les résultats aux communautés montre que leur "
                    "contribution a compté et bâtit la confiance dont dépendent les étapes "
                    "suivantes."
                ),
            },
        ],
    },
    "advisory-board": {
        "summary": (
            "Laying the ground with communities, then giving a city advisory board the right "
            "members and mandate."
        ),
        "body": [
            (
                "<p>The first three steps of the roadmap lay the ground. Step 1 is regular, "
                "proactive engagement with communities across the city, above all those seen as "
                "hard to reach or where people feel most marginalised. Some communities are wary "
                "of talking to officials directly, so trusted local organisations and leaders can "
                "open the door. Step 2 is a named liaison office, team or senior official who "
                "builds prevention partnerships with community organisations. Step 3 maps the "
                "threat landscape and the people already working on prevention.</p>"
            ),
            (
                "<p>On that ground, the roadmap recommends a city advisory board on community-led "
                "prevention (step 4), chaired by the mayor or a designee. Its members should "
                "include:</p><ul><li>city agencies that work with communities, such as housing, "
                "health, social services, education, transportation, parks and recreation, and "
                "human rights;</li><li>community leaders, for example faith, youth, LGBTQI+, "
                "cultural and Indigenous leaders, reflecting the city's diversity as shown by the "
                "mapping;</li><li>researchers, subject-matter experts and monitoring and "
                "evaluation specialists.</li></ul>"
            ),
            (
                "<p>The board needs a clear mandate (step 5). It should listen to communities and "
                "the organisations serving them, so that the mapping reflects their concerns; "
                "identify existing programmes and funding that could support community prevention, "
                "whether from the city, other levels of government, philanthropy, the private "
                "sector or international donors; and recommend what the city should do next, from "
                "themes and neighbourhoods to funding, training and networking.</p>"
            ),
            (
                "<p>Use the first meetings to agree on a shared definition of the problem: what "
                "the city means by hate, extremism and prevention. It avoids misunderstandings "
                "later. Keep membership open, too: the roadmap warns against excluding credible "
                "partners on political grounds, for example because they have criticised the "
                "government.</p>"
            ),
        ],
        "title_fr": "Mettre sur pied un comité consultatif",
        "slug_fr": "mettre-sur-pied-un-comite-consultatif",
        "summary_fr": (
            "Préparer le terrain avec les communautés, puis donner à un comité consultatif "
            "municipal les bons membres et le bon mandat."
        ),
        "body_fr": [
            (
                "<p>Les trois premières étapes de la feuille de route préparent le terrain. "
                "L’étape 1 consiste à dialoguer de façon régulière et proactive avec les "
                "communautés de toute la ville, surtout celles jugées difficiles à joindre ou dont "
                "les membres se sentent le plus marginalisés. Certaines communautés hésitent à "
                "s’adresser directement aux responsables municipaux ; des organismes et des "
                "leaders locaux de confiance peuvent alors ouvrir la porte. L’étape 2 prévoit un "
                "bureau, une équipe ou un cadre supérieur de liaison, clairement désigné, qui noue "
                "des partenariats de prévention avec les organismes communautaires. L’étape 3 "
                "cartographie le paysage des menaces et les personnes qui font déjà de la "
                "prévention.</p>"
            ),
            (
                "<p>Sur ces bases, la feuille de route recommande un comité consultatif municipal "
                "sur la prévention menée par les communautés (étape 4), présidé par la mairesse ou "
                "le maire, ou par une personne désignée. Il devrait réunir :</p><ul><li>les "
                "services municipaux en contact avec les communautés, comme le logement, la santé, "
                "les services sociaux, l’éducation, le transport, les parcs et loisirs, et les "
                "droits de la personne ;</li><li>des leaders communautaires, par exemple "
                "religieux, jeunes, LGBTQI+, culturels et autochtones, représentatifs de la "
                "diversité de la ville telle que la cartographie l’a révélée ;</li><li>des "
                "chercheurs, des spécialistes du sujet et des experts en suivi et en "
                "évaluation.</li></ul>"
            ),
            (
                "<p>Le comité a besoin d’un mandat clair (étape 5). Il devrait écouter les "
                "communautés et les organismes qui les servent, afin que la cartographie reflète "
                "leurs préoccupations ; repérer les programmes et les financements existants qui "
                "pourraient soutenir la prévention communautaire, qu’ils viennent de la ville, "
                "d’autres ordres de gouvernement, de la philanthropie, du secteur privé ou de "
                "bailleurs internationaux ; et recommander les prochaines mesures de la ville, des "
                "thèmes et des quartiers jusqu’au financement, à la formation et au réseautage.</p>"
            ),
            (
                "<p>Profitez des premières réunions pour vous entendre sur une définition commune "
                "du problème : ce que la ville entend par haine, extrémisme et prévention. Cela "
                "évite des malentendus par la suite. Gardez aussi la composition ouverte : la "
                "feuille de route met en garde contre l’exclusion de partenaires crédibles pour "
                "des motifs politiques, par exemple parce qu’ils ont critiqué le gouvernement.</p>"
            ),
        ],
        "reflection": (
            "Who would sit on your city's advisory board today, and which communities would still "
            "be missing from the table?"
        ),
        "reflection_fr": (
            "Qui siégerait aujourd’hui au comité consultatif de votre ville, et quelles "
            "communautés manqueraient encore à la table ?"
        ),
        "check": [
            {
                "kind": "single_choice",
                "question": "Who does the roadmap suggest should chair the city advisory board?",
                "question_fr": (
                    "Selon la feuille de route, qui devrait présider le comité consultatif "
                    "municipal ?"
                ),
                "choices": [
                    (
                        "The chief of police",
                        "Le chef de police",
                        False,
                        (
                            "Police can take part, but the roadmap asks the mayor or their "
                            "designee to chair, which signals a whole-of-city effort."
                        ),
                        (
                            "La police peut y participer, mais la feuille de route confie la "
                            "présidence à la mairesse ou au maire, ou à une personne désignée, "
                            "signe d’un effort de toute la ville."
                        ),
                    ),
                    (
                        "The mayor or their designee",
                        "La mairesse ou le maire, ou une personne désignée",
                        True,
                        (
                            "Right. Mayoral leadership gives the board weight across departments "
                            "and with communities."
                        ),
                        (
                            "Exact. Le leadership de la mairie donne du poids au comité auprès des "
                            "services municipaux et des communautés."
                        ),
                    ),
                    (
                        "The largest community organisation in the city",
                        "Le plus grand organisme communautaire de la ville",
                        False,
                        (
                            "Community organisations are essential members, but the roadmap places "
                            "the chair with the mayor or a designee."
                        ),
                        (
                            "Les organismes communautaires sont des membres essentiels, mais la "
                            "feuille de route confie la présidence à la mairesse ou au maire, ou à "
                            "une personne désignée."
                        ),
                    ),
                ],
            },
            {
                "kind": "multiple_choice",
                "question": "Which tasks belong in the advisory board's mandate?",
                "question_fr": "Quelles tâches font partie du mandat du comité consultatif ?",
                "choices": [
                    (
                        (
                            "Listening to communities and their organisations so the mapping "
                            "reflects their concerns"
                        ),
                        (
                            "Écouter les communautés et leurs organismes afin que la cartographie "
                            "reflète leurs préoccupations"
                        ),
                        True,
                        "Yes. This is the first part of the mandate in step 5.",
                        "Oui. C’est le premier volet du mandat prévu à l’étape 5.",
                    ),
                    (
                        (
                            "Identifying existing programmes and funding that could support "
                            "community prevention"
                        ),
                        (
                            "Repérer les programmes et les financements existants qui pourraient "
                            "soutenir la prévention communautaire"
                        ),
                        True,
                        (
                            "Yes. Many resources already exist in the city, other levels of "
                            "government and philanthropy."
                        ),
                        (
                            "Oui. Bien des ressources existent déjà à la ville, dans d’autres "
                            "ordres de gouvernement et dans la philanthropie."
                        ),
                    ),
                    (
                        (
                            "Recommending the city's next steps on themes, funding, training and "
                            "networking"
                        ),
                        (
                            "Recommander les prochaines mesures de la ville sur les thèmes, le "
                            "financement, la formation et le réseautage"
                        ),
                        True,
                        "Yes. The board advises the city on what support to give and where.",
                        (
                            "Oui. Le comité conseille la ville sur le soutien à offrir et sur les "
                            "endroits où l’offrir."
                        ),
                    ),
                    (
                        "Directing individual police investigations",
                        "Diriger des enquêtes policières particulières",
                        False,
                        (
                            "No. The board advises on community-led prevention; it does not direct "
                            "investigations."
                        ),
                        (
                            "Non. Le comité conseille sur la prévention menée par les "
                            "communautés ; il ne dirige pas d’enquêtes."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "Community organisations that have criticised the city government should be "
                    "kept off the board."
                ),
                "question_fr": (
                    "Les organismes communautaires qui ont critiqué l’administration municipale "
                    "devraient être écartés du comité."
                ),
                "is_true": False,
                "feedback_true": (
                    "Not so. The roadmap says no credible partner should be excluded on political "
                    "grounds, including for having criticised the government."
                ),
                "feedback_true_fr": (
                    "Non. La feuille de route précise qu’aucun partenaire crédible ne devrait être "
                    "exclu pour des motifs politiques, y compris pour avoir critiqué le "
                    "gouvernement."
                ),
                "feedback_false": (
                    "Correct. Excluding critics on political grounds would go against the values "
                    "of democracy and transparency the partnership should uphold."
                ),
                "feedback_false_fr": (
                    "Exact. Écarter des critiques pour des motifs politiques irait à l’encontre "
                    "des valeurs de démocratie et de transparence que le partenariat doit défendre."
                ),
            },
        ],
    },
    "small-grants": {
        "summary": (
            "Designing a small-grants scheme that reaches grassroots organisations, with training "
            "alongside the money."
        ),
        "body": [
            (
                "<p>Community-based organisations often have what city hall lacks: local networks, "
                "credibility and the trust of residents who would never attend a city meeting. "
                "Small grants are one of the most direct ways a city can help them do prevention "
                "work. The roadmap asks cities first to decide the scope and scale of their "
                "support (step 6), guided by what the organisations say they need, then to use an "
                "existing funding scheme or create a new one (step 7).</p>"
            ),
            (
                "<p>When designing the scheme, work through these questions:</p><ul><li>Where does "
                "the money come from: the city, other levels of government, private donors, "
                "philanthropy or international donors?</li><li>How do groups apply, and which "
                "themes are priorities?</li><li>How large are the grants, and how long do they "
                "last?</li><li>How will you announce the call so that it reaches the right "
                "groups?</li><li>What reporting makes sure funds are used properly without burying "
                "small groups in paperwork?</li><li>How will you monitor grantees and the "
                "programme as a whole, so that lessons are learned?</li></ul>"
            ),
            (
                "<p>Reach beyond the usual partners. The smallest, most local groups may lack "
                "staff, language capacity or the internal systems that government grants require. "
                "Plain-language calls, help with applications and training on governance and "
                "accounting can open the door. Training and networking should come with the money, "
                "not after it.</p>"
            ),
            (
                "<p>There are models to learn from, such as the Mayor of London's Shared Endeavour "
                "Fund and the grants of New York City's Mayor's Office for the Prevention of Hate "
                "Crimes. In the United States, the hub's Empowering Communities Against Hate "
                "project, funded by the Department of Justice's Bureau of Justice Assistance, "
                "gives community organisations in five cities funding and training to design, run "
                "and evaluate projects that increase incident reporting and strengthen "
                "prevention.</p>"
            ),
        ],
        "title_fr": "Des petites subventions pour la prévention communautaire",
        "slug_fr": "petites-subventions-prevention-communautaire",
        "summary_fr": (
            "Concevoir un programme de petites subventions qui atteint les organismes de terrain, "
            "avec de la formation en plus du financement."
        ),
        "body_fr": [
            (
                "<p>Les organismes communautaires ont souvent ce qui manque à l’hôtel de ville : "
                "des réseaux locaux, de la crédibilité et la confiance d’habitants qui "
                "n’assisteraient jamais à une réunion municipale. Les petites subventions sont "
                "l’un des moyens les plus directs de les aider à faire de la prévention. La "
                "feuille de route demande d’abord aux villes de déterminer la portée et l’ampleur "
                "de leur soutien (étape 6), en fonction de ce dont les organismes disent avoir "
                "besoin, puis d’utiliser un programme de financement existant ou d’en créer un "
                "nouveau (étape 7).</p>"
            ),
            (
                "<p>Pour concevoir le programme, passez en revue ces questions :</p><ul><li>D’où "
                "vient l’argent : la ville, d’autres ordres de gouvernement, des donateurs privés, "
                "la philanthropie ou des bailleurs internationaux ?</li><li>Comment les groupes "
                "présentent-ils une demande, et quels thèmes sont prioritaires ?</li><li>Quel est "
                "le montant des subventions, et quelle est leur durée ?</li><li>Comment "
                "annoncerez-vous l’appel pour qu’il atteigne les bons groupes ?</li><li>Quelle "
                "reddition de comptes garantit le bon usage des fonds sans noyer les petits "
                "groupes sous la paperasse ?</li><li>Comment suivrez-vous les bénéficiaires et "
                "l’ensemble du programme, afin d’en tirer des leçons ?</li></ul>"
            ),
            (
                "<p>Allez au-delà des partenaires habituels. Les groupes les plus petits et les "
                "plus locaux peuvent manquer de personnel, de capacités linguistiques ou des "
                "systèmes internes qu’exigent les subventions publiques. Des appels rédigés en "
                "langage clair, de l’aide pour remplir les demandes et de la formation en "
                "gouvernance et en comptabilité peuvent leur ouvrir la porte. La formation et le "
                "réseautage devraient accompagner le financement, pas le suivre.</p>"
            ),
            (
                "<p>Il existe des modèles dont s’inspirer, comme le Shared Endeavour Fund du maire "
                "de Londres et les subventions du Bureau du maire de New York pour la prévention "
                "des crimes haineux. Aux États-Unis, le projet Empowering Communities Against Hate "
                "du Hub, financé par le Bureau of Justice Assistance du département de la Justice, "
                "offre à des organismes communautaires de cinq villes du financement et de la "
                "formation pour concevoir, mener et évaluer des projets qui accroissent le "
                "signalement des incidents et renforcent la prévention.</p>"
            ),
        ],
        "reflection": (
            "Which organisations in your city do valuable work but would struggle to apply for a "
            "city grant today? What would help them?"
        ),
        "reflection_fr": (
            "Quels organismes de votre ville font un travail précieux mais auraient du mal à "
            "demander une subvention municipale aujourd’hui ? Qu’est-ce qui les aiderait ?"
        ),
        "check": [
            {
                "kind": "single_choice",
                "question": (
                    "What should guide the scope and scale of a city's support to community "
                    "organisations?"
                ),
                "question_fr": (
                    "Qu’est-ce qui devrait guider la portée et l’ampleur du soutien d’une ville "
                    "aux organismes communautaires ?"
                ),
                "choices": [
                    (
                        "What the organisations themselves say they need to run lasting programmes",
                        (
                            "Ce dont les organismes eux-mêmes disent avoir besoin pour mener des "
                            "programmes durables"
                        ),
                        True,
                        (
                            "Right. Step 6 of the roadmap asks cities to base their decision on "
                            "what community organisations feel they need."
                        ),
                        (
                            "Exact. L’étape 6 de la feuille de route demande aux villes de fonder "
                            "leur décision sur ce dont les organismes communautaires estiment "
                            "avoir besoin."
                        ),
                    ),
                    (
                        "Whatever budget is left at the end of the year",
                        "Le budget qui reste en fin d’année",
                        False,
                        (
                            "Leftover money rarely matches real needs and makes the support "
                            "unpredictable for partners."
                        ),
                        (
                            "Les fonds résiduels correspondent rarement aux besoins réels et "
                            "rendent le soutien imprévisible pour les partenaires."
                        ),
                    ),
                    (
                        "The priorities of the largest, best-known organisations only",
                        "Les seules priorités des organismes les plus grands et les plus connus",
                        False,
                        (
                            "Not quite. Support should also reach small grassroots groups with "
                            "strong local networks and credibility."
                        ),
                        (
                            "Pas tout à fait. Le soutien devrait aussi atteindre les petits "
                            "groupes de terrain qui ont de solides réseaux locaux et de la "
                            "crédibilité."
                        ),
                    ),
                ],
            },
            {
                "kind": "multiple_choice",
                "question": "Which measures help small grassroots groups access city grants?",
                "question_fr": (
                    "Quelles mesures aident les petits groupes de terrain à accéder aux "
                    "subventions municipales ?"
                ),
                "choices": [
                    (
                        "Plain-language calls and help with applications",
                        "Des appels en langage clair et de l’aide pour remplir les demandes",
                        True,
                        "Yes. Many small groups lack the staff to decode complex calls.",
                        (
                            "Oui. Beaucoup de petits groupes n’ont pas le personnel nécessaire "
                            "pour décoder des appels complexes."
                        ),
                    ),
                    (
                        "Training on governance and accounting",
                        "De la formation en gouvernance et en comptabilité",
                        True,
                        "Yes. It helps groups meet grant requirements and grow as organisations.",
                        (
                            "Oui. Elle aide les groupes à respecter les exigences des subventions "
                            "et à se développer."
                        ),
                    ),
                    (
                        "Requiring the same internal systems as large charities",
                        (
                            "Exiger les mêmes systèmes internes que les grands organismes de "
                            "bienfaisance"
                        ),
                        False,
                        (
                            "No. This shuts out exactly the hyper-local groups the roadmap wants "
                            "to reach."
                        ),
                        (
                            "Non. Cela écarte justement les groupes très locaux que la feuille de "
                            "route veut atteindre."
                        ),
                    ),
                    (
                        "Publishing the call in the languages communities use",
                        "Publier l’appel dans les langues que parlent les communautés",
                        True,
                        (
                            "Yes. Language is one of the barriers the roadmap names for grassroots "
                            "groups."
                        ),
                        (
                            "Oui. La langue fait partie des obstacles que la feuille de route "
                            "relève pour les groupes de terrain."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "Reporting requirements exist only to catch misuse, so a city should make them "
                    "as demanding as possible."
                ),
                "question_fr": (
                    "La reddition de comptes ne sert qu’à détecter les abus ; une ville devrait "
                    "donc la rendre aussi exigeante que possible."
                ),
                "is_true": False,
                "feedback_true": (
                    "Not so. Reporting should guard against misuse and support learning, but heavy "
                    "demands shut out the small groups the scheme is meant for."
                ),
                "feedback_true_fr": (
                    "Non. La reddition de comptes doit prévenir les abus et favoriser "
                    "l’apprentissage, mais des exigences trop lourdes écartent les petits groupes "
                    "visés par le programme."
                ),
                "feedback_false": (
                    "Correct. Reporting should be proportionate: enough to make sure funds are "
                    "used well and lessons are learned, without excluding small groups."
                ),
                "feedback_false_fr": (
                    "Exact. La reddition de comptes doit être proportionnée : suffisante pour "
                    "garantir le bon usage des fonds et en tirer des leçons, sans exclure les "
                    "petits groupes."
                ),
            },
        ],
    },
    "evaluation": {
        "summary": (
            "Training, networking and transparent evaluation: how a set of projects becomes a "
            "programme that learns."
        ),
        "body": [
            (
                "<p>The last steps of the roadmap turn a set of projects into a programme that "
                "learns. Step 8 offers community organisations training to deepen their knowledge "
                "of hate and extremism and to strengthen their organisations, from regular threat "
                "briefings by experts to mentoring. Step 9 creates or reuses a networking platform "
                "where funded groups share lessons and work together. Step 10 makes evaluation "
                "transparent and public.</p>"
            ),
            (
                "<p>Why public? Evidence of impact does two jobs. It shows what works, so "
                "programmes can improve, and it builds the political and community support needed "
                "to continue and expand the work. A programme that cannot show results is easy to "
                "cut when budgets tighten.</p>"
            ),
            (
                "<p>Plan evaluation from the start, not at the end:</p><ul><li>Agree with each "
                "grantee what change it hopes to see and how it will know, using a simple theory "
                "of change like the one the Mayor of London's Shared Endeavour Fund "
                "publishes.</li><li>Keep indicators few and realistic for small organisations, and "
                "fund the time it takes to collect them.</li><li>Evaluate individual grantees and "
                "the programme as a whole.</li><li>Bring in monitoring and evaluation experts "
                "where you can; in the hub's community projects, cities and organisations work "
                "with such experts in tailored strategy sessions.</li></ul>"
            ),
            (
                "<p>Prevention is hard to measure, because success often means that something did "
                "not happen. Look for intermediate changes instead, such as more incidents being "
                "reported, stronger ties between groups, or more residents who know where to get "
                "help. Share findings in plain language with the communities involved, and treat "
                "disappointing results as lessons rather than failures.</p>"
            ),
        ],
        "title_fr": "Évaluer ce que vous financez",
        "slug_fr": "evaluer-ce-que-vous-financez",
        "summary_fr": (
            "Formation, réseautage et évaluation transparente : comment un ensemble de projets "
            "devient un programme qui apprend."
        ),
        "body_fr": [
            (
                "<p>Les dernières étapes de la feuille de route font d’un ensemble de projets un "
                "programme qui apprend. L’étape 8 propose aux organismes communautaires de la "
                "formation pour approfondir leurs connaissances sur la haine et l’extrémisme et "
                "renforcer leur organisation, des séances régulières d’information sur les menaces "
                "données par des experts jusqu’au mentorat. L’étape 9 crée une plateforme de "
                "réseautage, ou en réutilise une, où les groupes financés partagent leurs leçons "
                "et collaborent. L’étape 10 rend l’évaluation transparente et publique.</p>"
            ),
            (
                "<p>Pourquoi publique ? Les preuves d’impact servent à deux choses. Elles montrent "
                "ce qui fonctionne, pour améliorer les programmes, et elles bâtissent l’appui "
                "politique et communautaire nécessaire pour poursuivre et élargir le travail. Un "
                "programme qui ne peut pas montrer de résultats est facile à couper quand les "
                "budgets se resserrent.</p>"
            ),
            (
                "<p>Prévoyez l’évaluation dès le départ, pas à la fin :</p><ul><li>Convenez avec "
                "chaque bénéficiaire du changement qu’il espère obtenir et de la façon dont il le "
                "constatera, à l’aide d’une théorie du changement simple, comme celle que publie "
                "le Shared Endeavour Fund du maire de Londres.</li><li>Limitez-vous à quelques "
                "indicateurs réalistes pour de petits organismes, et financez le temps nécessaire "
                "pour les recueillir.</li><li>Évaluez chaque bénéficiaire et l’ensemble du "
                "programme.</li><li>Faites appel à des experts en suivi et en évaluation quand "
                "c’est possible ; dans les projets communautaires du Hub, les villes et les "
                "organismes travaillent avec de tels experts lors de séances de stratégie "
                "adaptées.</li></ul>"
            ),
            (
                "<p>La prévention est difficile à mesurer, car la réussite signifie souvent qu’une "
                "chose ne s’est pas produite. Cherchez plutôt des changements intermédiaires : "
                "davantage d’incidents signalés, des liens plus forts entre les groupes, plus "
                "d’habitants qui savent où trouver de l’aide. Communiquez les résultats en langage "
                "clair aux communautés concernées, et traitez les résultats décevants comme des "
                "leçons plutôt que comme des échecs.</p>"
            ),
        ],
        "reflection": (
            "What evidence would convince your council to renew funding for a prevention "
            "programme, and how could you start collecting it now?"
        ),
        "reflection_fr": (
            "Quelles preuves convaincraient votre conseil de renouveler le financement d’un "
            "programme de prévention, et comment pourriez-vous commencer à les recueillir dès "
            "maintenant ?"
        ),
        "check": [],
    },
    "multi-actor-working-groups": {
        "summary": (
            "Bringing departments, police, schools, faith leaders and community groups to one "
            "table, and keeping them there."
        ),
        "body": [
            (
                "<p>No single department can prevent hate on its own. The hub's work with small "
                "and mid-sized US cities began by recruiting multi-actor working groups: local "
                "government, education, law enforcement, non-profits, social service providers, "
                "faith leaders, community groups and others. These groups then shaped their "
                "cities' needs assessments, priorities and action plans.</p>"
            ),
            (
                "<p>Bringing people to one table can itself be a breakthrough. At a roundtable in "
                "Boise, Idaho, in February 2025, department heads, from community engagement to "
                "parks and recreation and libraries, and the chief of police gathered for the "
                "first time specifically to discuss preventing hate and keeping the community "
                "cohesive. Partnerships between departments began to form from that single "
                "meeting. In Edmonton, a workshop in October 2024 was the first time such a broad "
                "range of anti-hate actors had gathered.</p>"
            ),
            (
                "<p>Tips for a working group that lasts:</p><ul><li>Give it a clear purpose and a "
                "named convenor in city government.</li><li>Include the people who deliver "
                "everyday services, not only security agencies, so that prevention builds on what "
                "already exists.</li><li>Build relationships with faith leaders and communities in "
                "calm times. In Brampton, Ontario, sustained relationships with faith leaders, in "
                "calm times and in crises, were highlighted as key to easing tensions between "
                "faith groups.</li><li>Agree how information is shared and protected, and respect "
                "the independence of community partners.</li></ul>"
            ),
            (
                "<p>Coordination also runs between levels of government. Cities work alongside "
                "county, state or provincial and federal authorities, each with its own mandate "
                "and resources. Knowing who does what before a crisis saves time when it "
                "counts.</p>"
            ),
        ],
        "title_fr": "Les groupes de travail multi-acteurs",
        "slug_fr": "groupes-de-travail-multi-acteurs",
        "summary_fr": (
            "Réunir les services municipaux, la police, les écoles, les leaders religieux et les "
            "groupes communautaires autour d’une même table, et les y garder."
        ),
        "body_fr": [
            (
                "<p>Aucun service ne peut à lui seul prévenir la haine. Le travail du Hub avec de "
                "petites et moyennes villes américaines a commencé par la constitution de groupes "
                "de travail multi-acteurs : administration locale, éducation, forces de l’ordre, "
                "organismes sans but lucratif, fournisseurs de services sociaux, leaders "
                "religieux, groupes communautaires et autres. Ces groupes ont ensuite façonné "
                "l’évaluation des besoins, les priorités et les plans d’action de leur ville.</p>"
            ),
            (
                "<p>Réunir les gens autour d’une même table peut déjà constituer une percée. Lors "
                "d’une table ronde à Boise, en Idaho, en février 2025, les directeurs de services "
                "allant de la participation citoyenne aux parcs et loisirs et aux bibliothèques, "
                "ainsi que le chef de police, se sont réunis pour la première fois dans le but "
                "précis de discuter de la prévention de la haine et de la cohésion de la "
                "communauté. Des partenariats entre services ont commencé à se former dès cette "
                "seule rencontre. À Edmonton, un atelier tenu en octobre 2024 a réuni pour la "
                "première fois un éventail aussi large d’acteurs de la lutte contre la haine.</p>"
            ),
            (
                "<p>Quelques conseils pour un groupe de travail durable :</p><ul><li>Donnez-lui un "
                "objectif clair et une personne responsable de le convoquer au sein de "
                "l’administration municipale.</li><li>Incluez les personnes qui offrent les "
                "services du quotidien, pas seulement les organismes de sécurité, afin que la "
                "prévention s’appuie sur ce qui existe déjà.</li><li>Bâtissez des relations avec "
                "les leaders religieux et les communautés en temps calme. À Brampton, en Ontario, "
                "des relations suivies avec les leaders religieux, en temps calme comme en temps "
                "de crise, ont été soulignées comme essentielles pour apaiser les tensions entre "
                "groupes religieux.</li><li>Convenez de la manière dont l’information est partagée "
                "et protégée, et respectez l’indépendance des partenaires communautaires.</li></ul>"
            ),
            (
                "<p>La coordination se joue aussi entre ordres de gouvernement. Les villes "
                "travaillent aux côtés des comtés, des États ou des provinces et du gouvernement "
                "fédéral, chacun avec son mandat et ses ressources. Savoir qui fait quoi avant une "
                "crise fait gagner un temps précieux le moment venu.</p>"
            ),
        ],
        "reflection": (
            "Who would you invite to the first meeting of your city's working group? Who is "
            "missing from the tables you already have?"
        ),
        "reflection_fr": (
            "Qui inviteriez-vous à la première réunion du groupe de travail de votre ville ? Qui "
            "manque aux tables que vous avez déjà ?"
        ),
        "check": [],
    },
    "from-online-to-offline": {
        "summary": (
            "How hateful content and disinformation online turn into local harm, and what a city "
            "can do about it."
        ),
        "body": [
            (
                "<p>Online and offline harms are no longer separate. Hateful narratives, "
                "conspiracy theories and disinformation spread online and then show up in local "
                "life: harassment of residents, tension at public meetings, threats against "
                "officials and, at worst, violence. Global crises and elections can speed this up, "
                "as content about distant events reaches local communities within hours.</p>"
            ),
            (
                "<p>Cities do not control online platforms, but they can act on the local impacts. "
                "Cities in the network have explored:</p><ul><li><strong>Monitoring and early "
                "warning:</strong> Edmonton's mayor's office drafted a strategy for a data-driven "
                "early warning system to monitor online hate.</li><li><strong>Threat "
                "briefings:</strong> analysis tailored to a city, such as the briefings the hub "
                "provides with the Institute for Strategic Dialogue.</li><li><strong>Digital "
                "resilience:</strong> helping residents, young people and community groups "
                "recognise manipulation and respond safely.</li><li><strong>Fast, accurate "
                "communication:</strong> answering rumours with facts from a trusted voice before "
                "they harden.</li></ul>"
            ),
            (
                "<p>In September 2025, a workshop in Vancouver brought elected leaders, community "
                "partners and practitioners together to explore how digital threats show up in "
                "British Columbia communities and which municipal responses can limit their "
                "offline effects. It launched the hub's Prevention Academy for BC Municipalities "
                "on Countering Online Harms.</p>"
            ),
            (
                "<p>Keep rights at the centre. Monitoring should focus on threats and trends, not "
                "on watching lawful speech or particular communities, and it should follow clear "
                "rules on privacy and data. Residents are more likely to report online harms when "
                "they trust the city to handle them fairly.</p>"
            ),
        ],
        "title_fr": "Des menaces en ligne aux préjudices locaux",
        "slug_fr": "des-menaces-en-ligne-aux-prejudices-locaux",
        "summary_fr": (
            "Comment les contenus haineux et la désinformation en ligne se transforment en "
            "préjudices locaux, et ce qu’une ville peut y faire."
        ),
        "body_fr": [
            (
                "<p>Les préjudices en ligne et hors ligne ne sont plus séparés. Les discours "
                "haineux, les théories du complot et la désinformation circulent en ligne, puis se "
                "manifestent dans la vie locale : harcèlement d’habitants, tensions lors des "
                "assemblées publiques, menaces contre des élus et, au pire, violence. Les crises "
                "mondiales et les élections peuvent accélérer le phénomène, car les contenus sur "
                "des événements lointains atteignent les communautés locales en quelques "
                "heures.</p>"
            ),
            (
                "<p>Les villes ne contrôlent pas les plateformes en ligne, mais elles peuvent agir "
                "sur les répercussions locales. Des villes du réseau ont "
                "exploré :</p><ul><li><strong>La veille et l’alerte précoce :</strong> le cabinet "
                "du maire d’Edmonton a élaboré un projet de stratégie pour un système d’alerte "
                "précoce fondé sur les données afin de surveiller la haine en "
                "ligne.</li><li><strong>Les séances d’information sur les menaces :</strong> des "
                "analyses adaptées à une ville, comme celles que le Hub offre avec l’Institute for "
                "Strategic Dialogue.</li><li><strong>La résilience numérique :</strong> aider les "
                "habitants, les jeunes et les groupes communautaires à reconnaître la manipulation "
                "et à réagir en toute sécurité.</li><li><strong>Une communication rapide et "
                "exacte :</strong> répondre aux rumeurs par des faits, portés par une voix de "
                "confiance, avant qu’elles ne s’installent.</li></ul>"
            ),
            (
                "<p>En septembre 2025, un atelier tenu à Vancouver a réuni des élus, des "
                "partenaires communautaires et des praticiens pour examiner comment les menaces "
                "numériques se manifestent dans les communautés de la Colombie-Britannique et "
                "quelles réponses municipales peuvent en limiter les effets hors ligne. Il a "
                "marqué le lancement de l’Académie de prévention du Hub pour les municipalités de "
                "la C.-B. sur la lutte contre les préjudices en ligne.</p>"
            ),
            (
                "<p>Gardez les droits au centre. La veille doit porter sur les menaces et les "
                "tendances, non sur la surveillance de propos licites ou de communautés "
                "particulières, et elle doit suivre des règles claires en matière de vie privée et "
                "de données. Les habitants signalent plus volontiers les préjudices en ligne "
                "lorsqu’ils font confiance à la ville pour les traiter équitablement.</p>"
            ),
        ],
        "reflection": (
            "Think of a recent global or national event. How did online content about it show up "
            "in your city, and who noticed first?"
        ),
        "reflection_fr": (
            "Pensez à un événement mondial ou national récent. Comment les contenus en ligne à son "
            "sujet se sont-ils manifestés dans votre ville, et qui s’en est aperçu en premier ?"
        ),
        "check": [],
    },
    "when-a-councillor-is-doxed": {
        "summary": (
            "Anti-government hate, harassment and doxing of elected officials and staff: preparing "
            "and responding."
        ),
        "body": [
            (
                "<p>Local elected officials and municipal staff increasingly face hostility, "
                "harassment and threats, online and in person. Doxing, publishing someone's home "
                "address, family details or other personal information to intimidate them, turns "
                "online hostility into a direct risk to physical safety. It also harms local "
                "democracy: people think twice before running for office or speaking at public "
                "meetings.</p>"
            ),
            (
                "<p>When a council member in a network city was doxed by a neo-Nazi group, the hub "
                "advised the city on its response and began monitoring online spaces for further "
                "attacks. In Canada, the Association of Manitoba Municipalities asked the hub for "
                "help with rising anti-government hate against elected officials and staff. The "
                "result was a toolkit of 130 practical recommendations on what individuals and "
                "councils can do to prevent, counter and respond to such hate and harassment.</p>"
            ),
            (
                "<p>If a colleague is doxed, a council can act quickly:</p><ul><li>Put the "
                "person's safety first: contact the police, review security at home and at work, "
                "and think of their family.</li><li>Record the posts and messages before they "
                "disappear, and report them to the platforms.</li><li>Offer practical and "
                "emotional support, and make sure targeted staff get the same help as elected "
                "members.</li><li>Speak with one voice: a clear statement from the mayor and "
                "council that harassment is unacceptable, without amplifying the attackers' "
                "content.</li></ul>"
            ),
            (
                "<p>Prevention matters as much as response. Limit the personal information "
                "published about officials, agree on a protocol before anything happens, and train "
                "the staff who moderate the city's social media accounts.</p>"
            ),
        ],
        "title_fr": "Quand un élu municipal est victime de doxing",
        "slug_fr": "quand-un-elu-municipal-est-victime-de-doxing",
        "summary_fr": (
            "La haine antigouvernementale, le harcèlement et le doxing visant les élus et le "
            "personnel : se préparer et réagir."
        ),
        "body_fr": [
            (
                "<p>Les élus locaux et le personnel municipal font de plus en plus face à "
                "l’hostilité, au harcèlement et aux menaces, en ligne comme en personne. Le "
                "doxing, c’est-à-dire la divulgation malveillante de l’adresse personnelle, de "
                "renseignements sur la famille ou d’autres données personnelles d’une personne "
                "pour l’intimider, transforme l’hostilité en ligne en risque direct pour la "
                "sécurité physique. Il nuit aussi à la démocratie locale : les gens y pensent à "
                "deux fois avant de se présenter à une élection ou de prendre la parole lors d’une "
                "assemblée publique.</p>"
            ),
            (
                "<p>Lorsqu’un membre du conseil d’une ville du réseau a été victime de doxing par "
                "un groupe néonazi, le Hub a conseillé la ville sur sa réponse et a commencé à "
                "surveiller les espaces en ligne pour détecter de nouvelles attaques. Au Canada, "
                "l’Association of Manitoba Municipalities a demandé l’aide du Hub face à la montée "
                "de la haine antigouvernementale visant les élus et le personnel. Il en est "
                "résulté une trousse de 130 recommandations pratiques sur ce que les personnes et "
                "les conseils peuvent faire pour prévenir et contrer cette haine et ce "
                "harcèlement, et y répondre.</p>"
            ),
            (
                "<p>Si un collègue est victime de doxing, un conseil peut agir "
                "rapidement :</p><ul><li>Faites passer la sécurité de la personne en premier : "
                "communiquez avec la police, revoyez la sécurité au domicile et au travail, et "
                "pensez à sa famille.</li><li>Conservez une trace des publications et des messages "
                "avant qu’ils ne disparaissent, et signalez-les aux plateformes.</li><li>Offrez un "
                "soutien pratique et émotionnel, et veillez à ce que le personnel visé reçoive la "
                "même aide que les élus.</li><li>Parlez d’une seule voix : une déclaration claire "
                "de la mairie et du conseil affirmant que le harcèlement est inacceptable, sans "
                "amplifier le contenu des auteurs.</li></ul>"
            ),
            (
                "<p>La prévention compte autant que la réaction. Limitez les renseignements "
                "personnels publiés sur les élus et les employés, convenez d’un protocole avant "
                "que quoi que ce soit n’arrive, et formez le personnel qui modère les comptes de "
                "la ville sur les réseaux sociaux.</p>"
            ),
        ],
        "reflection": (
            "Does your council have a protocol for threats against members or staff? Who would act "
            "first, and who would support the person targeted?"
        ),
        "reflection_fr": (
            "Votre conseil a-t-il un protocole en cas de menaces contre ses membres ou son "
            "personnel ? Qui agirait en premier, et qui soutiendrait la personne visée ?"
        ),
        "check": [],
    },
    "first-72-hours": {
        "summary": (
            "What a city does in the first three days after a hate-motivated attack, and how "
            "preparation shapes it."
        ),
        "body": [
            (
                "<p>Mayors and local governments are often the first to respond after a "
                "hate-motivated or extremist attack, and they manage its effects for years "
                "afterwards. The Resource Hub's guidance looks at the immediate, medium and long "
                "term. This lesson focuses on the first three days, when decisions set the tone "
                "for everything that follows.</p>"
            ),
            (
                "<p>Preparation makes the difference. At the 2024 mayoral retreat the hub holds "
                "with Pittsburgh Theological Seminary, the mayor of Forest Park, Illinois, took "
                "part in a crisis response tabletop exercise. Weeks later the city faced a mass "
                "shooting, and that experience helped the mayor lead the response. Exercise your "
                "plan with the people who will actually be in the room.</p>"
            ),
            (
                "<p>In the first 72 hours, a city typically needs to:</p><ul><li>work with police "
                "and emergency services, with clear roles for who leads which task;</li><li>put "
                "victims, families and witnesses first, with practical support and access to "
                "counselling;</li><li>communicate early, often and accurately, correcting rumours "
                "and misinformation as they spread online;</li><li>reach out to targeted "
                "communities and faith leaders, and protect places at risk of "
                "reprisals;</li><li>be visible: residents look to the mayor for reassurance and a "
                "message of unity.</li></ul>"
            ),
            (
                "<p>Look ahead from day one: recovery, healing and remembrance take years. After "
                "the July 4, 2022 shooting in Highland Park, Illinois, the mayor drew on memorials "
                "she had seen in other cities, such as the Utøya memorial in Norway, to guide her "
                "own city's process. Peers who have lived through a crisis are an invaluable "
                "resource, and the hub's help desk can connect a city with advice quickly.</p>"
            ),
        ],
        "title_fr": "Les 72 premières heures",
        "slug_fr": "les-72-premieres-heures",
        "summary_fr": (
            "Ce qu’une ville fait dans les trois jours qui suivent une attaque motivée par la "
            "haine, et comment la préparation y contribue."
        ),
        "body_fr": [
            (
                "<p>Les mairesses, les maires et les administrations locales sont souvent les "
                "premiers à intervenir après une attaque motivée par la haine ou l’extrémisme, et "
                "ils en gèrent les effets pendant des années. Les guides du Centre de ressources "
                "distinguent le court, le moyen et le long terme. Cette leçon porte sur les trois "
                "premiers jours, où les décisions donnent le ton à tout ce qui suit.</p>"
            ),
            (
                "<p>La préparation fait toute la différence. Lors de la retraite de maires de "
                "2024, que le Hub organise avec le Pittsburgh Theological Seminary, le maire de "
                "Forest Park, en Illinois, a participé à un exercice sur table de gestion de "
                "crise. Quelques semaines plus tard, la ville a subi une fusillade de masse, et "
                "cette expérience a aidé le maire à diriger l’intervention. Exercez votre plan "
                "avec les personnes qui seront réellement dans la salle.</p>"
            ),
            (
                "<p>Dans les 72 premières heures, une ville doit "
                "généralement :</p><ul><li>travailler avec la police et les services d’urgence, en "
                "précisant qui dirige quelle tâche ;</li><li>faire passer les victimes, les "
                "familles et les témoins en premier, avec un soutien concret et un accès à du "
                "soutien psychologique ;</li><li>communiquer tôt, souvent et avec exactitude, en "
                "corrigeant les rumeurs et la mésinformation à mesure qu’elles circulent en "
                "ligne ;</li><li>aller vers les communautés visées et les leaders religieux, et "
                "protéger les lieux exposés à des représailles ;</li><li>être présente : les "
                "habitants se tournent vers la mairie pour être rassurés et entendre un message "
                "d’unité.</li></ul>"
            ),
            (
                "<p>Regardez loin dès le premier jour : le rétablissement, la guérison et la "
                "commémoration prennent des années. Après la fusillade du 4 juillet 2022 à "
                "Highland Park, en Illinois, la mairesse s’est inspirée de mémoriaux vus dans "
                "d’autres villes, comme le mémorial d’Utøya en Norvège, pour guider la démarche de "
                "sa propre ville. Les pairs qui ont traversé une crise sont une ressource "
                "inestimable, et le service d’assistance du Hub peut mettre rapidement une ville "
                "en contact avec des conseils.</p>"
            ),
        ],
        "reflection": (
            "If an attack happened in your city tonight, who would call whom in the first hour? "
            "Where is that written down?"
        ),
        "reflection_fr": (
            "Si une attaque survenait ce soir dans votre ville, qui appellerait qui dans la "
            "première heure ? Où est-ce consigné par écrit ?"
        ),
        "check": [
            {
                "kind": "single_choice",
                "question": (
                    "What helped the mayor of Forest Park, Illinois, lead the city's response to a "
                    "mass shooting?"
                ),
                "question_fr": (
                    "Qu’est-ce qui a aidé le maire de Forest Park, en Illinois, à diriger "
                    "l’intervention de la ville après une fusillade de masse ?"
                ),
                "choices": [
                    (
                        "A crisis response tabletop exercise at a mayoral retreat weeks earlier",
                        (
                            "Un exercice sur table de gestion de crise lors d’une retraite de "
                            "maires, quelques semaines plus tôt"
                        ),
                        True,
                        (
                            "Right. Rehearsing a response before a crisis made it easier to lead "
                            "one when it came."
                        ),
                        (
                            "Exact. Répéter une intervention avant une crise a facilité sa "
                            "conduite le moment venu."
                        ),
                    ),
                    (
                        "A new state law on emergency powers",
                        "Une nouvelle loi de l’État sur les pouvoirs d’urgence",
                        False,
                        (
                            "No. It was preparation, a tabletop exercise with peers, that the "
                            "mayor drew on."
                        ),
                        (
                            "Non. C’est la préparation, un exercice sur table avec des pairs, qui "
                            "a servi au maire."
                        ),
                    ),
                    (
                        "A national media campaign",
                        "Une campagne médiatique nationale",
                        False,
                        (
                            "No. The mayor drew on a crisis response tabletop exercise at a "
                            "mayoral retreat."
                        ),
                        (
                            "Non. Le maire s’est appuyé sur un exercice sur table de gestion de "
                            "crise lors d’une retraite de maires."
                        ),
                    ),
                ],
            },
            {
                "kind": "multiple_choice",
                "question": "Which of these belong in a city's first 72 hours after an attack?",
                "question_fr": (
                    "Lesquelles de ces actions ont leur place dans les 72 premières heures d’une "
                    "ville après une attaque ?"
                ),
                "choices": [
                    (
                        "Support for victims, families and witnesses",
                        "Le soutien aux victimes, aux familles et aux témoins",
                        True,
                        "Yes. People most affected come first.",
                        "Oui. Les personnes les plus touchées passent en premier.",
                    ),
                    (
                        "Frequent, accurate public communication that corrects rumours",
                        "Une communication publique fréquente et exacte qui corrige les rumeurs",
                        True,
                        "Yes. Misinformation spreads fast online after an attack.",
                        "Oui. La mésinformation se répand vite en ligne après une attaque.",
                    ),
                    (
                        "Outreach to targeted communities and faith leaders",
                        "Aller vers les communautés visées et les leaders religieux",
                        True,
                        "Yes. It reassures people at risk and helps prevent reprisals.",
                        (
                            "Oui. Cela rassure les personnes exposées et aide à prévenir les "
                            "représailles."
                        ),
                    ),
                    (
                        "Saying nothing in public until the investigation is over",
                        "Ne rien dire publiquement avant la fin de l’enquête",
                        False,
                        (
                            "No. Silence leaves room for rumours; the city should communicate "
                            "early while respecting the investigation."
                        ),
                        (
                            "Non. Le silence laisse le champ libre aux rumeurs ; la ville doit "
                            "communiquer tôt tout en respectant l’enquête."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "Planning for memorials and long-term recovery can wait until the crisis is "
                    "completely over."
                ),
                "question_fr": (
                    "La planification des mémoriaux et du rétablissement à long terme peut "
                    "attendre que la crise soit complètement terminée."
                ),
                "is_true": False,
                "feedback_true": (
                    "Not so. Recovery and remembrance take years, and thinking about them early, "
                    "as Highland Park's mayor did by learning from other cities, helps a community "
                    "heal."
                ),
                "feedback_true_fr": (
                    "Non. Le rétablissement et la commémoration prennent des années ; y penser "
                    "tôt, comme l’a fait la mairesse de Highland Park en s’inspirant d’autres "
                    "villes, aide une communauté à guérir."
                ),
                "feedback_false": (
                    "Correct. A city should look ahead from day one, because recovery and "
                    "remembrance take years."
                ),
                "feedback_false_fr": (
                    "Exact. Une ville doit regarder loin dès le premier jour, car le "
                    "rétablissement et la commémoration prennent des années."
                ),
            },
        ],
    },
    "writing-the-plan": {
        "summary": (
            "Turning the course into a prevention plan your city can adopt, resource and keep up "
            "to date."
        ),
        "body": [
            (
                "<p>The last step of the course is to turn what you have learned into a plan your "
                "city can adopt. The hub's Toolkit for Cities on building a multi-actor local "
                "prevention framework, published in October 2025, sets out a step-by-step method "
                "grounded in public-health principles. It draws on the hub's work with small and "
                "mid-sized US cities on their own frameworks and action plans.</p>"
            ),
            (
                "<p>A strong plan is data-driven, properly resourced and built to last. It usually "
                "covers:</p><ul><li><strong>The problem:</strong> what your needs and "
                "vulnerabilities assessment found.</li><li><strong>Priorities:</strong> a few "
                "goals across primary, secondary and tertiary prevention, matched to needs and "
                "means.</li><li><strong>People:</strong> who leads, who sits on the advisory board "
                "or working group, and which community partners take "
                "part.</li><li><strong>Resources:</strong> budget, small grants, training and the "
                "existing services you can build on.</li><li><strong>Response:</strong> how the "
                "city acts after an attack or when officials are "
                "threatened.</li><li><strong>Learning:</strong> how you will evaluate, report "
                "publicly and revise the plan.</li></ul>"
            ),
            (
                "<p>Work within your mandate. Cities and mayors have very different powers, and a "
                "plan that uses the levers your city actually holds is worth more than an "
                "ambitious one that cannot be delivered. Build it with the people who will carry "
                "it out, including community organisations, so that they recognise it as "
                "theirs.</p>"
            ),
            (
                "<p>Then make it official. Adoption by council, a named owner and a regular review "
                "date help a plan survive changes of staff and leadership. Finally, share it: "
                "other cities in the network can learn from your plan, as you have learned from "
                "theirs.</p>"
            ),
        ],
        "title_fr": "Rédiger le plan",
        "slug_fr": "rediger-le-plan",
        "summary_fr": (
            "Faire du cours un plan de prévention que votre ville peut adopter, financer et tenir "
            "à jour."
        ),
        "body_fr": [
            (
                "<p>La dernière étape du cours consiste à transformer ce que vous avez appris en "
                "un plan que votre ville peut adopter. La trousse à outils du Hub pour les villes "
                "sur l’élaboration d’un cadre local de prévention multi-acteurs, publiée en "
                "octobre 2025, propose une méthode étape par étape fondée sur les principes de la "
                "santé publique. Elle s’appuie sur le travail du Hub avec de petites et moyennes "
                "villes américaines sur leurs propres cadres et plans d’action.</p>"
            ),
            (
                "<p>Un bon plan est fondé sur les données, doté de ressources suffisantes et conçu "
                "pour durer. Il couvre généralement :</p><ul><li><strong>Le problème :</strong> ce "
                "qu’a révélé votre évaluation des besoins et des "
                "vulnérabilités.</li><li><strong>Les priorités :</strong> quelques objectifs "
                "touchant la prévention primaire, secondaire et tertiaire, adaptés aux besoins et "
                "aux moyens.</li><li><strong>Les personnes :</strong> qui dirige, qui siège au "
                "comité consultatif ou au groupe de travail, et quels partenaires communautaires "
                "participent.</li><li><strong>Les ressources :</strong> le budget, les petites "
                "subventions, la formation et les services existants sur lesquels vous pouvez vous "
                "appuyer.</li><li><strong>La réponse :</strong> comment la ville agit après une "
                "attaque ou lorsque des élus sont "
                "menacés.</li><li><strong>L’apprentissage :</strong> comment vous évaluerez le "
                "plan, en rendrez compte publiquement et le réviserez.</li></ul>"
            ),
            (
                "<p>Travaillez dans les limites de votre mandat. Les villes et les maires ont des "
                "pouvoirs très différents, et un plan qui utilise les leviers dont votre ville "
                "dispose réellement vaut mieux qu’un plan ambitieux impossible à réaliser. "
                "Élaborez-le avec les personnes qui le mettront en œuvre, y compris les organismes "
                "communautaires, pour qu’elles s’y reconnaissent.</p>"
            ),
            (
                "<p>Rendez-le ensuite officiel. Une adoption par le conseil, un responsable "
                "désigné et une date de révision régulière aident un plan à survivre aux "
                "changements de personnel et de direction. Enfin, faites-le connaître : d’autres "
                "villes du réseau peuvent apprendre de votre plan, comme vous avez appris des "
                "leurs.</p>"
            ),
        ],
        "reflection": (
            "Write the first three priorities of your city's plan. For each, name the lead, one "
            "partner and how you will know it is working."
        ),
        "reflection_fr": (
            "Rédigez les trois premières priorités du plan de votre ville. Pour chacune, nommez le "
            "responsable, un partenaire et la façon dont vous saurez qu’elle porte ses fruits."
        ),
        "check": [
            {
                "kind": "multiple_choice",
                "question": "Which elements should a city's prevention plan include?",
                "question_fr": (
                    "Quels éléments le plan de prévention d’une ville devrait-il comprendre ?"
                ),
                "choices": [
                    (
                        "The findings of the needs and vulnerabilities assessment",
                        "Les constats de l’évaluation des besoins et des vulnérabilités",
                        True,
                        "Yes. A data-driven plan starts from what the assessment found.",
                        "Oui. Un plan fondé sur les données part de ce qu’a révélé l’évaluation.",
                    ),
                    (
                        "Named leads and partners",
                        "Des responsables et des partenaires désignés",
                        True,
                        "Yes. A plan without owners rarely gets delivered.",
                        "Oui. Un plan sans responsables est rarement mis en œuvre.",
                    ),
                    (
                        "A way to evaluate, report on and revise the plan",
                        "Une façon d’évaluer le plan, d’en rendre compte et de le réviser",
                        True,
                        "Yes. Evaluation keeps the plan useful and builds support for it.",
                        (
                            "Oui. L’évaluation garde le plan utile et renforce l’appui dont il "
                            "bénéficie."
                        ),
                    ),
                    (
                        "Only the actions the police will take",
                        "Uniquement les mesures que prendra la police",
                        False,
                        (
                            "No. A public-health plan involves the whole city, not only law "
                            "enforcement."
                        ),
                        (
                            "Non. Un plan de santé publique mobilise toute la ville, pas seulement "
                            "les forces de l’ordre."
                        ),
                    ),
                ],
            },
            {
                "kind": "single_choice",
                "question": (
                    "Your city has limited powers over policing and schools. What is the best "
                    "approach to the plan?"
                ),
                "question_fr": (
                    "Votre ville a peu de pouvoirs sur la police et les écoles. Quelle est la "
                    "meilleure approche pour le plan ?"
                ),
                "choices": [
                    (
                        "Copy a large city's plan as it is",
                        "Reprendre tel quel le plan d’une grande ville",
                        False,
                        (
                            "Another city's plan can inspire you, but it rests on powers and "
                            "resources your city may not have."
                        ),
                        (
                            "Le plan d’une autre ville peut vous inspirer, mais il repose sur des "
                            "pouvoirs et des ressources que votre ville n’a peut-être pas."
                        ),
                    ),
                    (
                        "Build on the levers your city holds, and work with partners for the rest",
                        (
                            "Miser sur les leviers dont votre ville dispose, et travailler avec "
                            "des partenaires pour le reste"
                        ),
                        True,
                        (
                            "Right. A plan that fits your mandate and draws in partners can "
                            "actually be delivered."
                        ),
                        (
                            "Exact. Un plan adapté à votre mandat, qui mobilise des partenaires, "
                            "peut réellement être mis en œuvre."
                        ),
                    ),
                    (
                        "Wait until the city gains more powers",
                        "Attendre que la ville obtienne davantage de pouvoirs",
                        False,
                        (
                            "No. Every city holds some levers, such as its services, convening "
                            "power and partnerships, that it can use now."
                        ),
                        (
                            "Non. Toute ville dispose de certains leviers, comme ses services, sa "
                            "capacité de rassemblement et ses partenariats, qu’elle peut utiliser "
                            "dès maintenant."
                        ),
                    ),
                ],
            },
            {
                "kind": "true_false",
                "question": (
                    "Formal adoption by council and a regular review date help a plan outlast "
                    "changes of staff and leadership."
                ),
                "question_fr": (
                    "Une adoption officielle par le conseil et une date de révision régulière "
                    "aident un plan à survivre aux changements de personnel et de direction."
                ),
                "is_true": True,
                "feedback_true": (
                    "Correct. Adoption, a named owner and a review date keep the plan alive when "
                    "people move on."
                ),
                "feedback_true_fr": (
                    "Exact. L’adoption, un responsable désigné et une date de révision "
                    "maintiennent le plan en vie quand les personnes changent."
                ),
                "feedback_false": (
                    "Think again. Without formal adoption and a review date, plans often lapse "
                    "when their champions leave."
                ),
                "feedback_false_fr": (
                    "Réfléchissez encore. Sans adoption officielle ni date de révision, les plans "
                    "tombent souvent dans l’oubli quand leurs promoteurs partent."
                ),
            },
        ],
    },
}
