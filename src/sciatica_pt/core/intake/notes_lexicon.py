"""The words clinicians use for each red flag, as regular-expression fragments.

Kept apart from the reader (`core/intake/notes.py`) so the vocabulary can grow without touching the
negation logic. British and American spellings both appear (anaesthesia / anesthesia,
faecal / fecal, tumour / tumor). Every fragment is lower case and is matched between word
boundaries against the lower-cased clause; `cased` fragments are matched as written (AIDS,
not "aids").

`anchors` are lower-case word beginnings, one of which begins a word of anything the
fragments can match; they let the reader skip, with a fast substring search, the clauses that
cannot mention the flag (a test checks every phrase the tests use contains one).
`affirm` fragments name the red flag; `deny` fragments are phrases that by themselves say the
flag is absent ("afebrile"); `exclude` fragments, found in the same clause, mean the words are
about something else ("intentional weight loss", long-standing bilateral claudication) unless
an `unless` fragment is there too ("pain on walking, now in both legs" is new).
"""

from __future__ import annotations

from dataclasses import dataclass


def words(text: str) -> tuple[str, ...]:
    """Anchors are word beginnings: a phrase is found by its first word."""
    return tuple(text.split())


# ConText's temporal modifiers (core/intake/notes_negation.py) that take a finding out of
# the present.
PAST = frozenset({"historical"})  # "fever 3 years ago" is not a fever now
NOT_NEW = frozenset({"historical", "chronic"})  # "long-standing ... on both sides" is not new


@dataclass(frozen=True, slots=True)
class Lexeme:
    anchors: tuple[str, ...]
    affirm: tuple[str, ...]
    deny: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()  # matched as written, not lower-cased
    unless: tuple[str, ...] = ()  # any of these in the clause cancels `exclude`
    # Names of a function, not of a finding ("saddle sensation", "bladder"): a finding only
    # with a word of abnormality next to it ("reduced", "change", "problems"), a hedge or a
    # "yes"; denied by a negation or a closing "normal"; otherwise nothing.
    neutral: tuple[str, ...] = ()
    # Another sense of the same words ("ODI has fallen", "trauma-informed"): an affirm match
    # that overlaps one of these is not the finding.
    other_sense: tuple[str, ...] = ()
    # Temporal modifiers that mean the finding is not there now (None of them by default:
    # a cancer history or a known HIV infection counts whenever it began).
    not_now: frozenset[str] = frozenset()


_SADDLE_REGION = (
    r"(?:saddle|perine(?:um|al)|peri-?anal(?:ly)?|groin|genital(?:s|ia)?|buttocks and genitals|"
    r"back passage|bottom(?! of (?:the |his |her |my |your |both |each )?(?:foot|feet|heel))|"
    r"private parts|privates|bum|backside|"
    # A patient's words: "numb between my legs", "no feeling down there".
    r"between (?:my|the|his|her|their) legs|down (?:there|below))"
)
_SENSE = (
    r"(?:numb(?:ness)?|an(?:a)?es(?:the(?:sia|tic))?|hypo-?(?:a)?esthe(?:sia|tic)|"
    r"par(?:a)?esthe(?:sia|siae|tic)|pins and needles|tingl(?:ing|y)|"
    r"sensory (?:loss|change|disturbance))"
)
_FUNCTION_OF_SENSE = r"(?:sensation|feeling)"

SADDLE = Lexeme(
    anchors=words(
        "saddle perine perian peri groin genital passage bottom private wiping toilet bum backside "
        "between down wip"
    ),
    affirm=(
        # The classic description: not feeling the paper when wiping.
        r"(?:can'?t|cannot|can not|unable to|not able to|doesn'?t|does not|did not|didn'?t) "
        r"feel (?:the )?(?:toilet paper|paper|wiping|(?:it )?when wiping)",
        r"numb(?:ness)? (?:when|on) wiping",
        r"(?:can'?t|cannot|can not|unable to|not able to|doesn'?t|does not) feel "
        r"(?:herself|himself|themselves|myself|anything|it) "
        r"(?:on the toilet|when (?:i )?wip(?:e|ing)|down (?:below|there))",
        # A patient's own words: "when I wipe I can hardly feel anything".
        r"(?:when|after) (?:i )?wip(?:e|ing),? (?:i )?(?:can'?t|cannot|can hardly|can barely|"
        r"barely|hardly|don'?t|do not|couldn'?t) feel",
        # "no feeling down there", "lost all feeling in my bottom": no feeling is the finding.
        rf"(?:no|lost (?:all )?(?:the )?|loss of) {_FUNCTION_OF_SENSE} (?:in |around |on )?"
        rf"(?:my |the )?{_SADDLE_REGION}",
        rf"{_SADDLE_REGION} (?:feels |felt )?(?:dead|like (?:it'?s|it is|it was) not there)",
        rf"{_SADDLE_REGION} (?:isn'?t|is not|wasn'?t|was not) there",
        rf"{_SADDLE_REGION}\W+(?:\w+\W+){{0,2}}?{_SENSE}",
        rf"{_SENSE}\W+(?:\w+\W+){{0,3}}?{_SADDLE_REGION}",
        rf"{_SADDLE_REGION} (?:is |feels |area )?numb",
        r"saddle an(?:a)?es(?:thesia)?",
        # No feeling there is the finding itself ("no perianal sensation", "... absent").
        rf"(?:no|loss of) {_SADDLE_REGION} {_FUNCTION_OF_SENSE}"
        r"(?! (?:change|changes|loss|disturbance|deficit|problems?|abnormalit\w*|issues?))",
        rf"{_SADDLE_REGION} {_FUNCTION_OF_SENSE} (?:is )?(?:absent|lost)",
    ),
    neutral=(
        rf"{_SADDLE_REGION}(?:\W+(?:\w+\W+){{0,2}}?{_FUNCTION_OF_SENSE})?",
        rf"{_FUNCTION_OF_SENSE}\W+(?:\w+\W+){{0,3}}?{_SADDLE_REGION}",
    ),
    not_now=NOT_NEW,
)

_URINE = r"(?:urine|urinat(?:e|ing|ion)|micturi(?:tion|ate)|pee|void(?:ing)?|the bladder|water)"
BLADDER_BOWEL = Lexeme(
    anchors=words(
        "urin retention incontinen continent hesitan stream flow bladder bowel rectal anal "
        "sphincter leak wet catheter void pvr micturi pee water b poo wee dribbl soil control "
        "nothing"
    ),
    affirm=(
        # The CES bladder features of clinical-notes §2.1 (urgency and frequency alone are not).
        r"(?:urinary|urine|bladder) (?:retention|incontinence|hesitancy|leak(?:age|ing)?|"
        r"dribbling|accidents?)",
        r"(?<!fluid )(?<!water )retention(?: of urine)?",
        r"(?:faecal|fecal|bowel|anal|stool|urinary|double) incontinence",
        r"incontinen(?:t|ce)(?: of (?:urine|faeces|feces|stool))?",
        r"hesitancy",
        rf"(?:difficulty|trouble|straining|unable|can'?not|can'?t|not able) (?:to )?"
        rf"(?:pass(?:ing)?|start(?:ing)?|initiat(?:e|ing)|empty(?:ing)?|feel(?:ing)?) {_URINE}",
        r"(?:poor|weak|reduced|slow|altered) (?:urinary |urine )?(?:stream|flow)",
        # Hesitancy in a patient's words: "my pee is slow to start", "urine hard to get going".
        rf"{_URINE} (?:is |was |has been )?(?:slow|hard|difficult|a struggle) to "
        r"(?:start|come|get going)",
        r"(?:urinary |urine )?(?:stream|flow) (?:is )?(?:poor|weak|reduced|slow|altered)",
        r"(?:loss|reduced|altered|lack) (?:of )?(?:bladder|bowel|rectal|anal|sphincter) "
        r"(?:control|sensation|fullness|tone|function)",
        r"(?:bladder|bowel|rectal) fullness",
        r"(?:unable|can'?not|can'?t|not able) to (?:feel|sense|tell) (?:when )?(?:the |his |her )?"
        r"(?:bladder|bowel)s? (?:is |are )?full",
        r"(?:leaking|leaks|wet|wetting) (?:urine|himself|herself|themselves|the bed)",
        # Patients' words: "I wet myself", "I pooed myself", "I couldn't pee all day".
        r"(?:wet|wetting|weed|peed|pooed|pooped|soiled|messed) (?:myself|my pants|my trousers|"
        r"the bed)",
        r"(?:can'?t|cannot|couldn'?t|could not|unable to|not able to) (?:\w+ )?"
        r"(?:pee|wee|urinate|pass water|go for a (?:wee|pee))\b",
        r"(?:can'?t|cannot|couldn'?t|could not|don'?t|do not|didn'?t|did not) (?:tell|feel|know|"
        r"notice) when (?:i )?(?:need|want|have|needed|wanted) to (?:go|pee|wee|poo)",
        r"(?:didn'?t|did not|can'?t|cannot|couldn'?t) feel (?:my )?(?:bowels?|poo|wee|pee|bladder)"
        r"(?! (?:is |are )?(?:fine|normal|ok|okay))",
        r"(?:lost|lose|losing|no) control (?:of|over) (?:my |his |her |their )?"
        r"(?:bladder|bowels?|wee|pee|poo)",
        r"(?:wee|pee|urine) (?:just |only )?(?:dribbles|trickles|won'?t come|will not come)",
        r"leak(?:ing|s|ed)? (?:a bit of |a little |some )?(?:wee|pee|urine|poo)",
        r"nothing (?:came|comes|would come|will come) out(?! of)",
        r"(?:been |is |was )?wet (?:at night|overnight|in bed)",
        r"not (?:passing|passed|passed any) (?:urine|water)",
        r"(?:has|have)(?: not|n'?t) been able to (?:pass|empty|void)\w*(?: (?:urine|the bladder))?",
        r"(?:not|incomplete(?:ly)?) (?:fully |completely )?empty(?:ing)?(?: (?:his|her|their|the))?"
        r" bladder",
        r"catheteri[sz](?:ed|ation)",
        r"(?:post[- ]void residual|pvr)",
        r"sphincter (?:disturbance|dysfunction|change|problems?)",
    ),
    deny=(
        r"(?:continent|normal micturition)",
        r"(?:passing|passes|passed) urine (?:normally|without (?:difficulty|problems?))",
        r"bowels? (?:opening|open|working|moving) (?:normally|regularly)",
    ),
    neutral=(
        r"(?:bladder|bowel)s?(?:\s*(?:/|and|or|&)\s*(?:bladder|bowel)s?)?"
        r"(?! (?:cancer|carcinoma|ca\b|tumou?r|screening|prep|polyps?|surgery|exercises|kit))",
        r"b(?:&| & | and |/)b",
        r"(?:urinary|urine) (?:function|stream|flow|habit)",
        r"waterworks",
    ),
    not_now=NOT_NEW,
)

SEXUAL = Lexeme(
    anchors=words("erect impoten ejaculat sexual genital penile vaginal clitoral feel sex"),
    affirm=(
        r"erectile (?:dysfunction|failure|problems?|difficult(?:y|ies))",
        r"impoten(?:ce|t)",
        r"ejaculat(?:ory|ion) (?:failure|dysfunction|problems?|difficult(?:y|ies))",
        r"(?:unable|difficulty|can'?not|can'?t) (?:to )?(?:achieve|get|maintain) "
        r"(?:an )?erections?",
        r"sexual (?:dysfunction|problems?|difficult(?:y|ies)|function|change)",
        r"loss of (?:genital|penile|vaginal|clitoral) (?:sensation|feeling)",
        r"(?:genital|penile|vaginal|clitoral) (?:numbness|an(?:a)?esthesia)",
        r"(?:lost|loss of|no) (?:all )?(?:the )?(?:feeling|sensation) in (?:my |his |her )?"
        r"(?:genitals|penis|vagina|private parts|privates)",
        r"sex (?:feels|is|felt) (?:different|numb|strange)",
        r"erection (?:problems?|difficult(?:y|ies)|troubles?)",
        r"(?:problems?|trouble|difficulty) (?:with |getting |keeping )(?:an )?erections?",
    ),
    not_now=NOT_NEW,
)

BILATERAL = Lexeme(
    anchors=words("bilat unilateral both other opposite left right one single only not"),
    affirm=(
        r"bilat(?:eral(?:ly)?)? (?:leg |lower limb )?(?:symptoms|sx|sciatica|leg pain|radicular|"
        r"radiculopathy|numbness|weakness|par(?:a)?esthesia|pins and needles|pain|tingling)",
        r"(?:now|become|becoming|became|gone|going|spread(?:ing)?|radiat(?:es|ing)) "
        r"(?:\w+ )?bilat(?:eral)?",
        r"both (?:of )?(?:my )?(?:legs|lower limbs|feet|sides)",
        r"(?:into|down|to) (?:the )?(?:other|opposite) (?:leg|side)",
        r"(?:other|opposite|left|right) leg (?:\w+ ){0,3}?(?:too|as well|also)",
        r"not just (?:in )?(?:the |my )?(?:left|right|one)(?: leg| side)?",
        r"(?:now )?also (?:in )?(?:the )?(?:other|opposite|left|right) leg",
    ),
    deny=(
        r"unilateral(?:ly)?",
        r"(?:one|single) (?:leg|side) only",
        r"(?:left|right) (?:leg|side) only",
        r"only (?:in |down )?(?:the )?(?:left|right|one) (?:leg|side)",
        r"no (?:\w+ )?(?:symptoms|pain|sx|numbness|tingling) (?:in|down|into) (?:the )?"
        r"(?:other|opposite) (?:leg|side)",
    ),
    # Bilateral claudication (walking- or standing-provoked, for months) is
    # symptoms.bilateral_symptoms, not the red flag (long-standing ones are CHRONIC: not_now) ...
    exclude=(
        r"for (?:many |several |\d+ |a few )?months",
        r"claudica\w*",
        r"neurogenic",
        r"(?:on|when|with|after) (?:walking|standing)",
    ),
    # ... unless the clause says the bilateral symptoms are new.
    unless=(
        r"new(?:ly)?",
        r"now",
        r"recent(?:ly)?",
        r"becom\w*|became",
        r"spread\w*",
        r"started",
        r"develop\w*",
        r"today|yesterday|this morning|last night|overnight",
        r"since (?:yesterday|today|this|last)",
        r"(?:\d+|a few|two|three) days?",
    ),
    other_sense=(
        r"both sides of",
        # An exercise done on both sides or with both legs is not a symptom.
        r"(?:stretch\w*|exercis\w*|bridg\w*|do|did|doing|work\w*) [\w ]{0,20}?both (?:sides|legs)",
        r"(?:back|lumbar|spine|spinal|buttock|hip|sij|neck)s?\W+(?:\w+\W+){0,3}?both sides",
    ),
    not_now=NOT_NEW,
)

PROGRESSIVE_WEAKNESS = Lexeme(
    anchors=words(
        "weak drop foot feet toe power strength paresis motor neuro deficit leg knee can couldn "
        "unable not struggl"
    ),
    affirm=(
        r"progressive (?:leg |limb |motor )?(?:weakness|foot ?drop|drop ?foot|"
        r"motor (?:deficit|loss)|neuro(?:logical)? deficit|paresis)",
        r"(?:worsening|increasing|deteriorating|progressing|spreading|new|developing) "
        r"(?:leg |limb |motor )?(?:weakness|foot ?drop|drop ?foot|paresis|loss of power)",
        r"(?:weakness|foot ?drop|drop ?foot|power|strength)\W+"
        r"(?:(?!(?:not|no|isn't|hasn't|never)\b)\w+\W+){0,4}?"
        r"(?:getting worse|worse|worsening|worsened|progressing|progressed|deteriorat(?:ing|ed)|"
        r"increasing|declining|reduc(?:ing|ed) further)",
        r"(?:losing|lost) (?:power|strength)",
        r"weaker (?:than|since) (?:last|the last|before|previous\w*|yesterday)",
        r"(?:getting|becoming|progressively|increasingly) weaker",
        # A foot drop in everyday words: "dragging my right foot since Sunday"
        r"dragg?(?:ing|s|ed)? (?:my|his|her|their|the|a) (?:(?:left|right) )?foot",
        # Patients' words for a foot drop or a leg that gives way (new when they write it).
        r"(?:foot|feet|toes?) (?:is |are |keeps? |kept )?(?:dragg?(?:ing|s|ed)|slap(?:s|ping|ped)"
        r"|catch(?:es|ing)?|flop(?:s|ping))",
        r"(?:can'?t|cannot|couldn'?t|unable to|not able to|struggl\w+ to) (?:lift|raise|pick up|"
        r"pull up) (?:my |the )?(?:foot|toes|front of my foot)",
        r"(?:leg|knee)s? (?:gave|give|gives|giving|keeps? giving|keeps? going) way",
        r"(?:leg|knee)s? (?:keeps? )?(?:buckl\w+|collaps\w+)",
        r"(?:can'?t|cannot|couldn'?t|unable to|not able to) (?:stand|walk|go|get up) on (?:my )?"
        r"(?:tip ?toes|tiptoes|toes|heels?)",
    ),
    deny=(
        r"(?:weakness|foot ?drop|drop ?foot|power|deficit) (?:is |remains |has been )?"
        r"(?:stable|unchanged|static|improving)",
        r"(?:stable|unchanged|static|non-?progressive) (?:weakness|foot ?drop|drop ?foot|deficit)",
        r"(?:weakness|foot ?drop|drop ?foot|power|deficit) (?:is |has )?(?:not|no longer) "
        r"(?:progressing|getting worse|worsening|deteriorating|changing)",
        r"(?:weakness|foot ?drop|drop ?foot|deficit)(?: [^.;,]{0,50})?, (?:\w+ )?"
        r"(?:stable|unchanged|static|not progressing|no worse)",
        r"no (?:increase|change|progression|deterioration|worsening) in (?:the )?(?:\w+ )?"
        r"(?:weakness|power|foot ?drop|strength)",
    ),
    # Legs that give way on a long walk are neurogenic claudication (stenosis), not a new
    # weakness: "two falls this year when the legs gave way on a long walk".
    other_sense=(
        r"(?:leg|knee)s? (?:gave|give|gives|giving|keeps? giving) way (?:on|during|after|when|"
        r"while) (?:a |the |long |my |his |her )*walk\w*",
    ),
    not_now=NOT_NEW,
)

_CANCER = (
    r"cancers?",
    r"(?:adeno)?carcinomas?",
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
    r"(?:hx|history|pmh) (?:of )?ca",
    r"oncology",
    r"chemo(?:therapy)?",
    r"radiotherapy",
    # Medicines given only for cancer (the medication list is read too).
    r"tamoxifen|letrozole|anastrozole|exemestane|bicalutamide|enzalutamide|abiraterone",
    r"goserelin|zoladex|degarelix|leuprorelin",
)
_BENIGN = (r"benign", r"(?:cancer|tumou?r) (?:screening|marker)s?", r"fear of (?:cancer|tumou?r)")
_WORRY = (
    r"(?:worried|worry|worries|concerned|anxious|scared|fears?|afraid) (?:about|of|it is|it's) "
    r"(?:\w+ )?(?:cancer|tumou?r|malignancy)",
)
_CANCER_ANCHORS = words(
    "cancer carcinoma adenocarcinoma malignan tumo neoplas lymphoma myeloma leuk sarcoma "
    "melanoma breast prostate lung renal kidney thyroid bowel colon colorectal oncolog chemo "
    "radiotherap hx history pmh tamoxifen letrozole anastrozole exemestane bicalutamide "
    "enzalutamide abiraterone goserelin zoladex degarelix leuprorelin"
)
CANCER_HISTORY = Lexeme(
    anchors=_CANCER_ANCHORS, affirm=_CANCER, exclude=_BENIGN, other_sense=_WORRY
)

METASTATIC = Lexeme(
    anchors=words("metasta mets secondar deposit stage mscc cancer carcinoma"),
    affirm=(
        r"metasta(?:sis|ses|tic|sised|sized|si[sz]ing)",
        r"(?:bony|bone|spinal|vertebral) (?:secondaries|deposits?)",
        r"secondar(?:y|ies) (?:in|to) (?:the )?(?:spine|bones?|vertebrae)",
        # "stage 4" alone may be a stage of the exercise programme.
        r"stage (?:4|iv) (?:\w+ )?(?:cancer|carcinoma|disease|malignancy)",
        r"(?:cancer|carcinoma) (?:\w+ )?stage (?:4|iv)",
        r"mscc",
    ),
    cased=(r"(?:mets|Mets)",),  # not "METs", the unit of exercise intensity
)

# "lost about 7 kg", "lost nearly a stone": a hedge word and a number between verb and unit.
_ABOUT = r"(?:about|around|roughly|approx\.?|approximately|nearly|almost|over|more than|at least|"
_ABOUT += r"~|some|a further|another|just over|just under)"
_AMOUNT = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half a)"
_MASS = r"(?:kg|kgs|kilos?|kilograms?|lbs?|pounds|stones?|st)"
WEIGHT_LOSS = Lexeme(
    anchors=words("weight wt lost losing cachex down dropped shed"),
    affirm=(
        r"(?:weight|wt) loss",
        r"losing (?:\w+ )?weight",
        # "lost about 7 kg", "down 6kg since August", "dropped 5 kg"
        rf"(?:lost|down|dropped|shed) (?:by )?(?:{_ABOUT}\s*)?{_AMOUNT}\s*{_MASS}",
        r"lost (?:(?:a lot|a bit|lots|some|a little) of )?weight",
        r"(?:weight|wt) (?:has |had |is )?(?:dropped|fallen|fell|falling|gone down|reduced|"
        r"decreased|down)",
        r"cachexi[ac]",
    ),
    deny=(r"(?:weight|wt) (?:is |has been |remains |remained )?(?:stable|steady|unchanged)",),
    exclude=(
        r"intentional(?:ly)?",
        r"deliberate(?:ly)?",
        r"dieting",
        r"on a diet",
        r"trying to lose",
        r"planned",
        r"bariatric",
        r"on purpose",
        r"gastric (?:band|bypass|sleeve)",
        r"slimming world|weight watchers",
        r"(?:weight loss|weight-loss|slimming) (?:programme|program|plan|injections?)",
    ),
    unless=(
        r"not (?:been )?(?:dieting|trying)",
        r"without (?:trying|dieting)",
        r"no change in (?:diet|appetite|eating)",
        r"unexplained",
    ),
    not_now=PAST,
)

FEVER = Lexeme(
    anchors=words("fever febrile afebrile apyrexi pyrex temp sweat rigor chills sepsis septic"),
    affirm=(
        r"fevers?",
        r"feverish",
        r"febrile",
        r"pyrexi(?:a|al)",
        r"pyrexic",
        r"(?:raised|high|elevated) temp(?:erature)?",
        r"(?:running|got|have|having|had|with) a (?:high |bit of a |slight )?temp(?:erature)?",
        r"temp(?:erature)? (?:of )?(?:3[89]|4[0-2])(?:\.\d)?",
        r"(?:night|drenching|profuse) sweats?",  # not sweating with exercise
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
    not_now=PAST,
)

IV_DRUGS = Lexeme(
    anchors=words("drug ivdu ivda pwid intravenous inject heroin"),
    affirm=(
        r"iv ?drug (?:use|user|abuse|misuse)",
        r"ivdu|ivda|pwid",
        r"intravenous (?:drug|substance|heroin)s? ?(?:use|user|abuse|misuse)?",
        r"inject(?:s|ing|ed)? (?:drugs|heroin|substances)",
        r"injecting drug (?:use|user)s?",
        r"heroin",
        r"(?:iv|intravenous) drugs?",
    ),
)

IMMUNOSUPPRESSED = Lexeme(
    anchors=words(
        "immun hiv aids transplant chemo biologic tnf methotrexate azathioprine tacrolimus "
        "adalimumab etanercept infliximab rituximab mycophenolate ciclosporin cyclosporine"
    ),
    affirm=(
        r"immuno-?suppress(?:ed|ion|ant|ants|ive)",
        r"immuno-?compromised",
        r"immune-?compromised",
        r"hiv",
        r"(?:organ |renal |kidney |liver |bone marrow )?transplant(?:ed)?",
        r"chemo(?:therapy)?",
        r"biologics?",
        r"anti-?tnf",
        r"methotrexate",
        r"azathioprine",
        r"tacrolimus",
        r"adalimumab|etanercept|infliximab|rituximab|mycophenolate|ciclosporin|cyclosporine",
    ),
    cased=(r"AIDS",),
)

_LONG_AGO = (r"(?:\d+|many|several|a few) years ago", r"as a child")  # not this episode's cause
_NOT_A_FALL = (r"falls? risk", r"falls? prevention", r"(?:no )?fear of falling")
_FALL = r"(?:fall|falls|fell|fallen)"

# Significant trauma only: a plain fall is minor trauma (MINOR_TRAUMA below), which matters
# for fragility fractures (clinical-notes §2.5) but is not the emergency "major trauma".
TRAUMA = Lexeme(
    anchors=words(
        "trauma injur impact rta rtc mva mvc accident collision crash fall fell fallen crush "
        "struck came"
    ),
    affirm=(
        r"(?:major|significant|high[- ]energy|high[- ]velocity) (?:trauma|injury|impact)",
        r"(?<!minor )(?<!low.energy )trauma(?:tic)?",
        r"(?:rta|rtc|mva|mvc)",
        r"(?:road traffic|motor vehicle|car|motorbike|motorcycle|bike|cycling|horse[- ]riding)"
        r" (?:accident|collision|crash)",
        rf"{_FALL} (?:from|off) (?:a |the |his |her )?(?:height|ladder|roof|scaffold\w*|horse|"
        r"bike|bicycle|motorbike|wall|tree)",
        rf"{_FALL} down (?:the |a |some )?(?:stairs|steps|flight)",
        rf"{_FALL} (?:about |approx\.? |around |over |nearly )?\d+(?:\.\d+)? ?"
        r"(?:m|metres?|meters?|ft|feet|foot)(?: (?:from|off) \w+)?",
        rf"{_FALL} (?:\w+ ){{1,3}}?(?:from|off) (?:a |the |his |her )?(?:height|ladder|roof|"
        r"scaffold\w*|horse|wall|tree)",
        r"crush injury",
        r"struck by",
        r"came off (?:his |her |their |a |the )?"
        r"(?:motor ?bike|bike|bicycle|horse|motorcycle|scooter)",
    ),
    exclude=_LONG_AGO,
    other_sense=(
        r"trauma[- ]informed",
        r"(?:emotional|psychological|childhood|birth|mental) trauma",
    ),
    not_now=PAST,
)

MINOR_TRAUMA = Lexeme(
    anchors=words("fall fell fallen trip slip minor low"),
    affirm=(
        r"fell(?! asleep)",
        r"fallen",
        r"falls?(?! (?:asleep|risk|to|by|within|into the|under|on (?:the )?(?:weekend|monday)))",
        r"tripped|slipped",
        r"(?:minor|low[- ]energy) (?:trauma|injury|fall)",
    ),
    # A falls history (a count over months or a year) is not the trauma that began this pain,
    # which is what the fracture rules ask about (clinical-notes §2.5).
    exclude=_NOT_A_FALL
    + _LONG_AGO
    + (
        rf"{_FALL} (?:\w+ ){{0,3}}?in the (?:past|last|previous) (?:year|12 months|twelve months|"
        r"\d+ (?:years|months)|few years)",
        r"(?:recurrent|frequent|repeated|multiple) falls",
        rf"(?:two|three|four|five|several|a few|some|\d+) {_FALL}",  # "two falls this year"
        rf"{_FALL} (?:\w+ ){{0,3}}?(?:this|last|a) year",
        # A fall that brought no new pain did not begin this pain ("tripped last month, no
        # injury and no new back pain since"); "no injury" alone is not enough, and a "but"
        # ends the clause ("no injury, but new back pain since" still counts).
        r"no (?:new|further|more|increase in|change in|extra) (?:back |leg |spinal )?pain",
        r"(?:back |leg )?pain (?:was |is |has been |remained |stayed )?(?:unchanged|no worse|"
        r"not (?:changed|worse))",
    ),
    # A score, a level or a tolerance falls too ("ODI has fallen from 40 to 8").
    other_sense=(
        r"(?:scores?|odi|ndi|nprs|vas|psfs|index|pain|tolerance|levels?|range|weight|wt|mood|"
        rf"sleep|bp|pressure|numbers?|ratings?|temperature|temp|count|sats|it) (?:\w+ ){{0,3}}?"
        rf"{_FALL}",
        rf"{_FALL} (?:from|to|by|below|under|back) (?:\d+|a|the|about|around)",
        rf"{_FALL} apart|falling apart",
        r"risk of falls?",
    ),
    not_now=PAST,
)

STEROIDS = Lexeme(
    anchors=words("steroid cortico prednis dexameth hydrocort methylpred"),
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
    other_sense=(
        r"(?:hydrocortisone|betamethasone|clobetasol|cortisone|steroid)\w* (?:cream|ointment|gel|"
        r"lotion|eye ?drops|ear ?drops|inhalers?|nasal|injections?)",
    ),
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

# What the notes say beyond the red flags, for rules that need it (field paths `notes.<name>`).
EXTRA: dict[str, Lexeme] = {"minor_trauma": MINOR_TRAUMA}

# Blanket statements ("no red flags", "CES screen negative") deny every field they cover. An
# affirmation such as "red flags discussed" or "CES safety-netting given" names no finding, but
# a hedged "?CES" or "cannot rule out cauda equina" affirms the four cauda equina fields. A
# hedged "red flags" ("to rule out red flags") names no particular flag, so it affirms nothing.
CES_FIELDS = (
    "saddle_anesthesia",
    "bladder_bowel_change",
    "sexual_dysfunction",
    "new_bilateral_symptoms",
)


@dataclass(frozen=True, slots=True)
class Blanket:
    anchors: tuple[str, ...]
    fields: tuple[str, ...]
    hedge_affirms: bool  # "?CES" affirms; "to rule out red flags" names nothing


BLANKET: dict[str, Blanket] = {
    r"(?:cauda equina|ces)(?: syndrome)?(?: symptoms| signs| features| screen)?": Blanket(
        words("cauda ces"), CES_FIELDS, hedge_affirms=True
    ),
    r"(?:red flags?|rf)(?: symptoms| signs| screen)?": Blanket(
        words("red rf"), tuple(LEXICON), hedge_affirms=False
    ),
}
