// What each agreement figure means, in words: the help and the HTML report show this text in the
// interface language, and the README's Agreement section repeats the English (a test keeps them the
// same). The French says the same thing term for term (a test checks both have the same ids).
import type { Locale } from '$contract';

export interface Definition {
  readonly id: string;
  readonly term: string;
  readonly text: string;
}

export const DEFINITIONS: readonly Definition[] = [
  {
    id: 'who',
    term: 'Who is compared',
    text:
      'An annotator counts for a document when they have a layer for it (for example when they marked it Done). ' +
      'An annotator without a layer did not annotate the document: a missing value, never "no span". A layer without spans means "nothing here". ' +
      'Two annotators are compared on the documents both annotated; Fleiss’ κ and uα for a group use the documents every one of them annotated; Krippendorff’s α uses every token that at least two of them tagged.',
  },
  {
    id: 'f1',
    term: 'Span F1',
    text:
      'Exact: a span matches a span of the other layer with the same start, end and label. Overlap: the same label and at least one character in common (spans that only touch do not overlap). ' +
      'Matching is one to one; for overlap it is the largest possible matching (found greedily by end, which is exact for spans). ' +
      'Precision = matched / the other annotator’s spans, recall = matched / the reference’s spans, F1 = 2 · matched / (the two counts added). ' +
      'With more than two annotators the figure is the mean of the pairs’ F1 (of the pairs with the reference, when one is chosen).',
  },
  {
    id: 'tokens',
    term: 'Tokens and IOB tags',
    text:
      'Texts are cut into word tokens by the Unicode word rules (UAX #29, which Intl.Segmenter follows), a French elided article (l’, d’, qu’…) being a token of its own as in the editor; punctuation, spaces and emoji are not tokens. ' +
      'A token is inside a span when they share a character. Each annotator gives each token a tag: B-X on the first token of a span of label X, I-X on the next ones, O outside every span. ' +
      'Where spans nest or overlap, the outermost wins: the span that starts first (then the longest, then the label that comes first) takes the tokens, and a span that overlaps it starts again with B- after it. ' +
      'Spans that cover no token are not seen by the token measures. Per label, a token’s tag is B-X, I-X or "not X". Tokens outside every span count too: O against O is agreement, as usual for token-level coefficients.',
  },
  {
    id: 'cohen',
    term: 'Cohen’s κ',
    text: 'For two annotators: κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of tokens they tag alike and pₑ = Σ p₁(t) · p₂(t) is the agreement expected from each annotator’s own shares of the tags (Cohen 1960).',
  },
  {
    id: 'fleiss',
    term: 'Fleiss’ κ',
    text:
      'For any number of annotators: κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), where P̄ is the mean share of agreeing pairs of annotators per token and P̄ₑ = Σ p(t)², p(t) being the share of all tags that are t (Fleiss 1971). ' +
      'With two annotators it is Scott’s π; NLTK calls it multi-π (pi).',
  },
  {
    id: 'alpha',
    term: 'Krippendorff’s α',
    text:
      'Nominal α = 1 − Dₒ / Dₑ from the coincidence matrix: each token tagged by m ≥ 2 annotators adds 1 / (m − 1) for every ordered pair of its tags from two annotators; Dₒ is the share of those pairs that disagree and Dₑ the disagreement expected from all the tags pooled (Krippendorff 2011). ' +
      'Missing values are allowed: a token tagged by fewer than two annotators is left out.',
  },
  {
    id: 'alphaU',
    term: 'Krippendorff’s α for unitizing (uα)',
    text:
      'Boundaries themselves are judged (Krippendorff 1995; Content Analysis, 2nd ed., 2004, §11.6). Per label, each annotator’s spans of that label are units on the continuum of the text’s characters (UTF-16 code units) and the rest is gaps; one annotator’s overlapping or nested spans of one label are merged into one unit. ' +
      'Dₒ sums, over pairs of annotators and overlapping sections, the squared differences of begins and of ends of two overlapping units, and the squared length of a unit that lies in the other annotator’s gap; Dₑ sums the same over every place the units could have taken. uα = 1 − Dₒ / Dₑ per label, and 1 − ΣDₒ / ΣDₑ over the labels overall. ' +
      'Documents are laid end to end and no gap runs from one into the next. This is the 2004 definition, as in DKPro Statistics and INCEpTION; Krippendorff, Mathet, Bouvry and Widlöcher (2016) revised it for more than two annotators.',
  },
  {
    id: 'confusion',
    term: 'Confusion matrix',
    text: 'Counted on tokens: the row is the label one annotator gave the token (B- and I- together), the column the label the other gave it, "none" for O. For all annotators every ordered pair is added, so the matrix is symmetric.',
  },
  {
    id: 'documents',
    term: 'Documents table',
    text: 'Each document’s figures over its own tokens and spans; its disagreement is 1 − exact F1 (0 when nobody marked anything), the order in which a curator will want to open them.',
  },
  {
    id: 'undefined',
    term: 'Undefined figures',
    text:
      'A figure that cannot be computed is shown as — with its reason: no spans; no variation (every token tagged alike by everyone: chance agreement is total and κ and α are 0 / 0, where NLTK’s alpha returns 1); fewer than two annotators; no document annotated by all of them.',
  },
  {
    id: 'curation',
    term: 'Curation',
    text:
      'A span is agreed when every annotator of the document drew it with the same start, end and label (in the "incomplete" mode, also when nobody drew anything that competes with it); agreed spans go into the curated layer at once. ' +
      'The other spans form disagreements: spans on the same range, or of the same label on overlapping ranges, compete. What each annotator drew there is their reading (nothing is a reading too), and the choices are: take one reading, take several when they can coexist (different labels may share a range; spans of one label may not overlap), or take none. ' +
      'A relation is agreed when every annotator drew it, with the same type, between agreed spans; otherwise it is a disagreement about its two ends, which depends on the disagreements holding those ends. Annotators without a layer for the document take no part.',
  },
];

const DEFINITIONS_FR: readonly Definition[] = [
  {
    id: 'who',
    term: 'Qui est comparé',
    text:
      'Un annotateur compte pour un document quand il a une couche pour ce document (par exemple quand il l’a marqué Terminé). ' +
      'Un annotateur sans couche n’a pas annoté le document\u00a0: c’est une valeur manquante, jamais «\u00a0aucun segment\u00a0». Une couche sans segment veut dire «\u00a0rien ici\u00a0». ' +
      'Deux annotateurs sont comparés sur les documents qu’ils ont annotés tous les deux\u00a0; le κ de Fleiss et l’uα d’un groupe utilisent les documents que chacun d’eux a annotés\u00a0; l’α de Krippendorff utilise chaque token qu’au moins deux d’entre eux ont étiqueté.',
  },
  {
    id: 'f1',
    term: 'F1 des segments',
    text:
      'Exact\u00a0: un segment correspond à un segment de l’autre couche qui a le même début, la même fin et la même étiquette. Chevauchement\u00a0: la même étiquette et au moins un caractère en commun (deux segments qui se touchent seulement ne se chevauchent pas). ' +
      'L’appariement est un à un\u00a0; pour le chevauchement, c’est le plus grand appariement possible (trouvé de façon gloutonne par la fin, ce qui est exact pour des segments). ' +
      'Précision = appariés / segments de l’autre annotateur, rappel = appariés / segments de la référence, F1 = 2 · appariés / (somme des deux nombres). ' +
      'Avec plus de deux annotateurs, le chiffre est la moyenne des F1 des paires (des paires avec la référence, quand on en choisit une).',
  },
  {
    id: 'tokens',
    term: 'Tokens et étiquettes IOB',
    text:
      'Les textes sont découpés en tokens-mots selon les règles de mots d’Unicode (UAX #29, que suit Intl.Segmenter), un article élidé français (l’, d’, qu’…) formant un token à lui seul comme dans l’éditeur\u00a0; la ponctuation, les espaces et les émojis ne sont pas des tokens. ' +
      'Un token est dans un segment quand ils partagent un caractère. Chaque annotateur donne à chaque token une étiquette\u00a0: B-X sur le premier token d’un segment d’étiquette X, I-X sur les suivants, O hors de tout segment. ' +
      'Là où des segments s’emboîtent ou se chevauchent, le plus extérieur l’emporte\u00a0: le segment qui commence le premier (puis le plus long, puis l’étiquette qui vient en premier) prend les tokens, et un segment qui le chevauche recommence par B- après lui. ' +
      'Les segments qui ne couvrent aucun token ne sont pas vus par les mesures sur les tokens. Par étiquette, l’étiquette d’un token est B-X, I-X ou «\u00a0pas X\u00a0». Les tokens hors de tout segment comptent aussi\u00a0: O contre O est un accord, comme d’habitude pour les coefficients au niveau des tokens.',
  },
  {
    id: 'cohen',
    term: 'κ de Cohen',
    text: 'Pour deux annotateurs\u00a0: κ = (pₒ − pₑ) / (1 − pₑ), où pₒ est la part des tokens qu’ils étiquettent pareil et pₑ = Σ p₁(t) · p₂(t) l’accord attendu d’après les parts des étiquettes propres à chaque annotateur (Cohen 1960).',
  },
  {
    id: 'fleiss',
    term: 'κ de Fleiss',
    text:
      'Pour un nombre quelconque d’annotateurs\u00a0: κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), où P̄ est la part moyenne, par token, des paires d’annotateurs d’accord et P̄ₑ = Σ p(t)², p(t) étant la part de toutes les étiquettes qui valent t (Fleiss 1971). ' +
      'Avec deux annotateurs, c’est le π de Scott\u00a0; NLTK l’appelle multi-π (pi).',
  },
  {
    id: 'alpha',
    term: 'α de Krippendorff',
    text:
      'α nominal = 1 − Dₒ / Dₑ à partir de la matrice de coïncidences\u00a0: chaque token étiqueté par m ≥ 2 annotateurs ajoute 1 / (m − 1) pour chaque paire ordonnée de ses étiquettes venant de deux annotateurs\u00a0; Dₒ est la part de ces paires en désaccord et Dₑ le désaccord attendu de toutes les étiquettes mises en commun (Krippendorff 2011). ' +
      'Les valeurs manquantes sont admises\u00a0: un token étiqueté par moins de deux annotateurs est laissé de côté.',
  },
  {
    id: 'alphaU',
    term: 'α de Krippendorff pour la segmentation (uα)',
    text:
      'Les frontières elles-mêmes sont jugées (Krippendorff 1995\u00a0; Content Analysis, 2e éd., 2004, § 11.6). Par étiquette, les segments de chaque annotateur sont des unités sur le continu des caractères du texte (unités de code UTF-16) et le reste est fait d’intervalles\u00a0; les segments d’une même étiquette qui se chevauchent ou s’emboîtent chez un annotateur sont fusionnés en une unité. ' +
      'Dₒ somme, sur les paires d’annotateurs et les sections qui se chevauchent, les carrés des écarts de début et de fin de deux unités qui se chevauchent, et le carré de la longueur d’une unité qui tombe dans un intervalle de l’autre annotateur\u00a0; Dₑ somme la même chose sur toutes les places que les unités auraient pu prendre. uα = 1 − Dₒ / Dₑ par étiquette, et 1 − ΣDₒ / ΣDₑ sur l’ensemble des étiquettes. ' +
      'Les documents sont mis bout à bout et aucun intervalle ne passe de l’un au suivant. C’est la définition de 2004, comme dans DKPro Statistics et INCEpTION\u00a0; Krippendorff, Mathet, Bouvry et Widlöcher (2016) l’ont révisée pour plus de deux annotateurs.',
  },
  {
    id: 'confusion',
    term: 'Matrice de confusion',
    text: 'Comptée sur les tokens\u00a0: la ligne est l’étiquette qu’un annotateur a donnée au token (B- et I- ensemble), la colonne celle que l’autre lui a donnée, «\u00a0aucune\u00a0» pour O. Pour tous les annotateurs, chaque paire ordonnée est ajoutée, si bien que la matrice est symétrique.',
  },
  {
    id: 'documents',
    term: 'Tableau des documents',
    text: 'Les chiffres de chaque document sur ses propres tokens et segments\u00a0; son désaccord vaut 1 − F1 exact (0 quand personne n’a rien marqué), l’ordre dans lequel la personne qui adjudique voudra les ouvrir.',
  },
  {
    id: 'undefined',
    term: 'Chiffres non définis',
    text:
      'Un chiffre qui ne peut pas être calculé s’affiche — avec sa raison\u00a0: aucun segment\u00a0; aucune variation (chaque token étiqueté pareil par tout le monde\u00a0: l’accord dû au hasard est total et κ et α valent 0 / 0, là où l’alpha de NLTK renvoie 1)\u00a0; moins de deux annotateurs\u00a0; aucun document annoté par tous.',
  },
  {
    id: 'curation',
    term: 'Adjudication',
    text:
      'Un segment fait l’accord quand chaque annotateur du document l’a tracé avec le même début, la même fin et la même étiquette (en mode «\u00a0incomplet\u00a0», aussi quand personne n’a rien tracé qui lui fasse concurrence)\u00a0; les segments d’accord entrent aussitôt dans la couche adjudiquée. ' +
      'Les autres segments forment des désaccords\u00a0: des segments sur la même étendue, ou de la même étiquette sur des étendues qui se chevauchent, se font concurrence. Ce que chaque annotateur a tracé là est sa lecture (ne rien tracer est aussi une lecture), et les choix sont\u00a0: prendre une lecture, en prendre plusieurs quand elles peuvent coexister (des étiquettes différentes peuvent partager une étendue\u00a0; des segments d’une même étiquette ne peuvent pas se chevaucher), ou n’en prendre aucune. ' +
      'Une relation fait l’accord quand chaque annotateur l’a tracée, avec le même type, entre des segments d’accord\u00a0; sinon c’est un désaccord sur ses deux extrémités, qui dépend des désaccords qui portent ces extrémités. Les annotateurs sans couche pour le document ne prennent pas part.',
  },
];

/** The definitions in the interface language. */
export function definitionsIn(locale: Locale): readonly Definition[] {
  return locale === 'fr' ? DEFINITIONS_FR : DEFINITIONS;
}

export const REFERENCES: readonly string[] = [
  'Artstein, R. & Poesio, M. (2008). Inter-coder agreement for computational linguistics. Computational Linguistics 34(4), 555–596.',
  'Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement 20(1), 37–46.',
  'Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin 76(5), 378–382.',
  'Krippendorff, K. (1995). On the reliability of unitizing continuous data. Sociological Methodology 25, 47–76.',
  'Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology, 2nd ed. Sage. And: Measuring the reliability of qualitative text analysis data. Quality & Quantity 38, 787–800.',
  'Krippendorff, K. (2011). Computing Krippendorff’s Alpha-Reliability. Annenberg School for Communication, departmental paper 43.',
  'Krippendorff, K., Mathet, Y., Bouvry, S. & Widlöcher, A. (2016). On the reliability of unitizing textual continua: further developments. Quality & Quantity 50, 2347–2364.',
  'Unicode Standard Annex #29: Unicode Text Segmentation.',
];
