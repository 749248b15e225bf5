"""The words clinicians use for each red flag, as regular-expression fragments.

Kept apart from the reader (`core/notes.py`) so the vocabulary can grow without touching the
negation logic. British and American spellings both appear (anaesthesia / anesthesia,
faecal / fecal, tumour / tumor). Every fragment is matched case-insensitively between word
boundaries; a `(?-i:...)` group marks the few that must keep their case (AIDS, not "aids").

`affirm` fragments name the red flag; `deny` fragments are phrases that by themselves say the
flag is absent ("afebrile"); `exclude` fragments, found in the same clause, mean the words are
about something else ("intentional weight loss", "bowel cancer" is not a bowel change).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lexeme:
    affirm: tuple[str, ...]
    deny: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


_SADDLE_REGION = (
    r"(?:saddle|perine(?:um|al)|peri-?anal|groin|genital(?:s|ia)?|buttocks and genitals)"
)
_SENSE = (
    r"(?:numb(?:ness)?|an(?:a)?esthe(?:sia|tic)|hypo-?(?:a)?esthe(?:sia|tic)|"
    r"par(?:a)?esthe(?:sia|siae|tic)|pins and needles|tingl(?:ing|y)|"
    r"sensation|sensory (?:loss|change|disturbance)|feeling)"
)
_CHANGE = r"(?:altered|reduced|loss of|lost|decreased|diminished|changed?|abnormal|no)"

SADDLE = Lexeme(
    affirm=(
        rf"{_SADDLE_REGION}\W+(?:\w+\W+){{0,2}}?{_SENSE}",
        rf"{_SENSE}\W+(?:\w+\W+){{0,3}}?{_SADDLE_REGION}",
        rf"{_SADDLE_REGION} (?:is |feels |area )?numb",
        r"saddle (?:an(?:a)?esthesia|area)",
    ),
)

_URINE = r"(?:urine|urinat(?:e|ing|ion)|micturi(?:tion|ate)|pee|wee|void(?:ing)?|the bladder)"
BLADDER_BOWEL = Lexeme(
    affirm=(
        r"(?:urinary|urine|bladder) (?:retention|incontinence|hesitancy|leak(?:age|ing)?|"
        r"urgency|frequency|dribbling|accidents?)",
        r"(?<!fluid )(?<!water )retention(?: of urine)?",
        r"(?:faecal|fecal|bowel|anal|stool|urinary|double) incontinence",
        r"incontinen(?:t|ce)(?: of (?:urine|faeces|feces|stool))?",
        r"hesitancy",
        rf"(?:difficulty|trouble|straining|unable|can'?not|can'?t|not able) (?:to )?"
        rf"(?:pass(?:ing)?|start(?:ing)?|initiat(?:e|ing)|empty(?:ing)?|feel(?:ing)?) {_URINE}",
        r"(?:poor|weak|reduced|slow|altered) (?:urinary |urine )?(?:stream|flow)",
        r"(?:urinary |urine )?(?:stream|flow) (?:is )?(?:poor|weak|reduced|slow|altered)",
        r"(?:loss|reduced|altered|lack) (?:of )?(?:bladder|bowel|rectal|anal|sphincter) "
        r"(?:control|sensation|fullness|tone|function)",
        r"(?:bladder|bowel|rectal) fullness",
        r"(?:leaking|leaks|wet) (?:urine|himself|herself|themselves|the bed)",
        r"catheteri[sz](?:ed|ation)",
        r"(?:post[- ]void residual|pvr)",
        r"sphincter (?:disturbance|dysfunction|change|problems?)",
        r"(?:bladder|bowel)s?(?:\s*(?:/|and|or|&)\s*(?:bladder|bowel)s?)?"
        r"(?! (?:cancer|carcinoma|ca\b|tumou?r|screening|prep|polyps?|surgery))",
        r"b\s*(?:&|and|/)\s*b",
    ),
    deny=(r"(?:continent|normal micturition)",),
)

SEXUAL = Lexeme(
    affirm=(
        r"erectile (?:dysfunction|failure|problems?|difficult(?:y|ies))",
        r"impoten(?:ce|t)",
        r"ejaculat(?:ory|ion) (?:failure|dysfunction|problems?|difficult(?:y|ies))",
        r"(?:unable|difficulty|can'?not|can'?t) (?:to )?(?:achieve|get|maintain) "
        r"(?:an )?erections?",
        r"sexual (?:dysfunction|problems?|difficult(?:y|ies)|function|change)",
        r"loss of (?:genital|penile|vaginal|clitoral) (?:sensation|feeling)",
        r"(?:genital|penile|vaginal|clitoral) (?:numbness|an(?:a)?esthesia)",
    ),
)

BILATERAL = Lexeme(
    affirm=(
        r"bilateral(?:ly)? (?:leg |lower limb )?(?:symptoms|sciatica|leg pain|radicular|"
        r"radiculopathy|numbness|weakness|par(?:a)?esthesia|pins and needles|pain|tingling)",
        r"(?:now|become|becoming|became|gone|going|spread(?:ing)?|radiat(?:es|ing)) "
        r"(?:\w+ )?bilateral",
        r"both (?:legs|lower limbs|feet|sides)",
        r"(?:into|down|to) (?:the )?(?:other|opposite) (?:leg|side)",
        r"(?:other|opposite|left|right) leg (?:too|as well|also)",
    ),
    deny=(
        r"unilateral(?:ly)?",
        r"(?:one|single) (?:leg|side) only",
        r"(?:left|right) (?:leg|side) only",
        r"only (?:in |down )?(?:the )?(?:left|right|one) (?:leg|side)",
    ),
    # Long-standing bilateral claudication is symptoms.bilateral_symptoms, not the red flag.
    exclude=(
        r"for (?:many |several |\d+ |a few )?years",
        r"long[- ]?standing",
        r"chronic(?:ally)?",
        r"since \d{4}",
        r"claudicat\w*",
    ),
)

PROGRESSIVE_WEAKNESS = Lexeme(
    affirm=(
        r"progressive (?:leg |limb |motor )?(?:weakness|foot ?drop|drop ?foot|"
        r"motor (?:deficit|loss)|neuro(?:logical)? deficit|paresis)",
        r"(?:worsening|increasing|deteriorating|progressing|spreading|new|developing) "
        r"(?:leg |limb |motor )?(?:weakness|foot ?drop|drop ?foot|paresis|loss of power)",
        r"(?:weakness|foot ?drop|drop ?foot|power|strength)\W+"
        r"(?:(?!(?:not|no|isn't|hasn't|never)\b)\w+\W+){0,2}?"
        r"(?:getting worse|worse|worsening|worsened|progressing|progressed|deteriorat(?:ing|ed)|"
        r"increasing|declining|reduc(?:ing|ed) further)",
        r"(?:losing|lost) (?:power|strength)",
    ),
    deny=(
        r"(?:weakness|foot ?drop|drop ?foot|power|deficit) (?:is |remains |has been )?"
        r"(?:stable|unchanged|static|improving)",
        r"(?:stable|unchanged|static|non-?progressive) (?:weakness|foot ?drop|drop ?foot|deficit)",
        r"(?:weakness|foot ?drop|drop ?foot|power|deficit) (?:is |has )?(?:not|no longer) "
        r"(?:progressing|getting worse|worsening|deteriorating|changing)",
    ),
)

_CANCER = (
    r"cancers?",
    r"carcinomas?",
    r"malignan(?:cy|cies|t)",
    r"tumou?rs?",
    r"neoplas(?:m|ms|tic)",
    r"lymphomas?",
    r"(?:multiple )?myelomas?",
    r"leuka?emias?",
    r"sarcomas?",
    r"melanomas?",
    r"(?:breast|prostate|lung|renal|kidney|thyroid|bowel|colon|colorectal) ca\b",
    r"ca (?:breast|prostate|lung|kidney|thyroid|bowel|colon)",
    r"oncology",
    r"chemo(?:therapy)?",
    r"radiotherapy",
)
_BENIGN = (r"benign", r"(?:cancer|tumou?r) (?:screening|marker)s?", r"fear of (?:cancer|tumou?r)")
CANCER_HISTORY = Lexeme(affirm=_CANCER, exclude=_BENIGN)

METASTATIC = Lexeme(
    affirm=(
        r"metasta(?:sis|ses|tic|sised|sized|si[sz]ing)",
        r"mets",
        r"(?:bony|bone|spinal|vertebral) (?:secondaries|deposits?)",
        r"secondar(?:y|ies) (?:in|to) (?:the )?(?:spine|bones?|vertebrae)",
        r"stage (?:4|iv)",
        r"mscc",
        r"(?:metastatic )?spinal cord compression",
    ),
)

WEIGHT_LOSS = Lexeme(
    affirm=(
        r"(?:weight|wt) loss",
        r"losing weight",
        r"lost (?:\d+(?:\.\d+)? ?(?:kg|kgs|kilos?|lbs?|pounds|stones?|st)\b|weight)",
        r"weight (?:has )?(?:dropped|fallen|falling|down)",
        r"cachexi[ac]",
    ),
    exclude=(
        r"intentional",
        r"deliberate",
        r"dieting",
        r"on a diet",
        r"trying to lose",
        r"planned",
        r"bariatric",
    ),
)

FEVER = Lexeme(
    affirm=(
        r"fevers?",
        r"feverish",
        r"febrile",
        r"pyrexi(?:a|al)",
        r"pyrexic",
        r"(?:raised|high|elevated) temp(?:erature)?",
        r"temp(?:erature)? (?:of )?(?:3[89]|4[0-2])(?:\.\d)?",
        r"(?:night )?sweats",
        r"rigou?rs",
        r"chills",
        r"sepsis|septic",
    ),
    deny=(
        r"afebrile",
        r"apyrexi(?:al|c)",
        r"(?:normal|normothermic) temp(?:erature)?",
        r"temp(?:erature)? (?:is |was )?(?:normal|normothermic)",
    ),
)

IV_DRUGS = Lexeme(
    affirm=(
        r"iv ?drug (?:use|user|abuse|misuse)",
        r"ivdu|ivda|pwid",
        r"intravenous (?:drug|substance|heroin)s? ?(?:use|user|abuse|misuse)?",
        r"inject(?:s|ing|ed)? (?:drugs|heroin|substances)",
        r"injecting drug (?:use|user)s?",
        r"heroin",
    ),
)

IMMUNOSUPPRESSED = Lexeme(
    affirm=(
        r"immuno-?suppress(?:ed|ion|ant|ants|ive)",
        r"immuno-?compromised",
        r"immune-?compromised",
        r"(?-i:HIV|AIDS)",
        r"(?:organ |renal |kidney |liver |bone marrow )?transplant(?:ed)?",
        r"chemo(?:therapy)?",
        r"biologics?",
        r"anti-?tnf",
        r"methotrexate",
        r"azathioprine",
        r"tacrolimus",
    ),
)

TRAUMA = Lexeme(
    affirm=(
        r"(?:major|significant|high[- ]energy|high[- ]velocity) (?:trauma|injury|impact)",
        r"trauma(?:tic)?",
        r"(?:rta|rtc|mva|mvc)",
        r"(?:road traffic|motor vehicle|car|motorbike|motorcycle|bike|cycling|horse[- ]riding)"
        r" (?:accident|collision|crash)",
        r"fall from (?:a )?height",
        r"fell\b(?! asleep)",
        r"falls?\b(?! (?:asleep|risk|to|by|within|into the|under|on (?:the )?(?:weekend|monday)))",
        r"crush injury",
        r"struck by",
    ),
    # Trauma long ago is history, not the cause of this episode.
    exclude=(
        r"falls? risk",
        r"falls? prevention",
        r"no fear of falling",
        r"(?:\d+|many|several|a few) years ago",
        r"as a child",
    ),
)

STEROIDS = Lexeme(
    affirm=(
        # A one-off injection or an inhaler is not the long-term systemic use the flag means.
        r"(?<!epidural )(?<!inhaled )(?<!topical )(?:cortico)?steroids?"
        r"(?! (?:injections?|inhalers?|creams?|ointments?|nasal|eye))",
        r"prednis(?:ol)?one",
        r"dexamethasone",
        r"hydrocortisone",
        r"methylprednisolone",
    ),
    exclude=(r"anabolic",),
)


# Field name in `red_flags` -> what the notes may call it.
LEXICON: dict[str, Lexeme] = {
    "saddle_anesthesia": SADDLE,
    "bladder_bowel_change": BLADDER_BOWEL,
    "sexual_dysfunction": SEXUAL,
    "new_bilateral_symptoms": BILATERAL,
    "progressive_weakness": PROGRESSIVE_WEAKNESS,
    "cancer_history": CANCER_HISTORY,
    "metastatic_cancer": METASTATIC,
    "unexplained_weight_loss": WEIGHT_LOSS,
    "fever": FEVER,
    "iv_drug_use": IV_DRUGS,
    "immunosuppressed": IMMUNOSUPPRESSED,
    "significant_trauma": TRAUMA,
    "corticosteroid_use": STEROIDS,
}

# Blanket statements ("no red flags", "CES screen negative") deny every field they cover. An
# affirmation such as "red flags discussed" or "CES safety-netting given" names no finding, but
# a hedged one ("?CES", "cannot rule out cauda equina") affirms the fields it covers. Nobody
# writes "?red flags", so the broad group has the hedged reading too without surprises.
CES_FIELDS = (
    "saddle_anesthesia",
    "bladder_bowel_change",
    "sexual_dysfunction",
    "new_bilateral_symptoms",
)
BLANKET: dict[str, tuple[str, ...]] = {
    r"(?:cauda equina|ces)(?: syndrome)?(?: symptoms| signs| features| screen)?": CES_FIELDS,
    r"(?:red flags?|rf)(?: symptoms| signs| screen)?": tuple(LEXICON),
}
