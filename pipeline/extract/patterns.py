"""Word patterns the extraction rules share: cues for goals, money, comparisons, lists."""

from __future__ import annotations

import re

MONEY = {"US$", "yuan", "euro", "euros", "INR", "EUR", "GBP"}
# An action done to the whole of something: achieved, not merely advanced.
COMPLETE = re.compile(
    r"\b(?i:fully|universal(?:ly)?|entire(?:ly)?|completely)\b|"
    # lower-case only: "Safe Streets for All" is a name, not a completion
    r"\b[a-z]+\s+(?:all|every)\s+(?!users|people|citizens|americans)"
)
PURPOSE = re.compile(r"\b(?:to|that will|which will)\s+[a-z]+", re.IGNORECASE)
# A comparison with other economies that states no number: still a claim data can check.
COMPARISON = re.compile(
    r"\b(?:fall(?:s|ing)?|fell|lag(?:s|ging)?)\s+(?:far\s+)?behind\b|"
    r"\blags?\s+(?:its\s+|our\s+)?(?:peers|competitors|rivals)\b",
    re.IGNORECASE,
)
# Money a plan commits (present or future tense): "invests $621 billion", "calling on
# Congress to invest $85 billion", "proposing a $174 billion investment".
SPENDING = re.compile(
    r"\b(?:invests?|investing|proposes?|proposing|calls? on|calling on|includes?|provides?|"
    r"allocates?|commits?|dedicates?|funds?)\b",
    re.IGNORECASE,
)
# What opens a list of targets: "The main targets for 2016 are as follows:", "key targets of
# the draft:", "Here are some main targets listed in the draft plan.", "the main targets for
# this year include creating over 11 million jobs, keeping ..."
TARGET_INTRO = re.compile(
    r"\b(?:targets?|goals?|objectives?|aims?|indicators?)\b[^.:;]{0,120}?"
    r"(?::|\bas\s+follows\b:?|\blisted\b[^.:;]{0,60}|\binclud(?:e|es|ing)\b|\bare\b(?=\s*:))\s*",
    re.IGNORECASE,
)
# A heading over a list of targets: "MAJOR TARGETS FOR 2014", "The 5 targets for the EU in 2020"
HEADING_INTRO = re.compile(r"\b(?:targets?|goals?|objectives?)\b", re.IGNORECASE)


SUB_ALLOCATION = re.compile(r"(?:this|that|it)\s+(?:also\s+)?includes?\b", re.IGNORECASE)
WITHIN_NEXT = re.compile(r"\bwithin\s+the\s+next\s+$", re.IGNORECASE)
OF_START = re.compile(r"of\b", re.IGNORECASE)
OR_START = re.compile(r"or\s", re.IGNORECASE)

# Money a plan puts into something: "invest 30 billion yuan in", "an outlay of Rs 79,000
# crore", "allocate $52.7 billion", "budgeted at", "provides $39 billion in incentives".
FUNDING = re.compile(
    r"\b(?:invest(?:s|ed|ing|ment|ments)?|outlays?|allocat(?:e|es|ed|ing|ion|ions)|allot\w*|"
    r"earmark\w*|set\s+aside|budget(?:ed)?|spend(?:s|ing)?|expenditure|fund(?:s|ed|ing)?|"
    r"provid(?:e|es|ed|ing)|grants?|subsid(?:y|ies|ize|ise)\w*|financ(?:e|es|ed|ing)|"
    r"capital\s+(?:investment|expenditure)|made\s+available|payouts?|rebates?|vouchers?|packages?|loans?|"
    r"bonds?\b[^.;]{0,40}\bissued|issue[sd]?\b[^.;]{0,40}\bbonds?)\b",
    re.IGNORECASE,
)
