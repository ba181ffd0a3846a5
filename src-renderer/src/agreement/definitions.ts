// What each agreement figure means, in words: the help and the HTML report show this text, and the
// README's Agreement section repeats it (a test keeps them the same).

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
