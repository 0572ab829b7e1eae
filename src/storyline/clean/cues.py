"""Clean stage: the closed-class cue tables the boilerplate detector reads.

Each rule is (reason, pattern, max_words, where). Patterns run (case-insensitively unless
noted) on the line with curly quotes straightened. ``max_words`` keeps a cue from firing on a real sentence that merely
starts the same way ("Next year, the ministry ..."); ``where`` is "any" or "edge" (only in the
top/bottom band of the file, where credits and prompts live). These are the kinds of lines that
scraped news pages carry, phrased as families, not copies of any one site's strings.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Cue(NamedTuple):
    reason: str
    pattern: re.Pattern[str]
    max_words: int
    where: str  # "any" | "edge"


def _cue(reason: str, regex: str, max_words: int = 12, where: str = "any", flags: int = re.I) -> Cue:
    return Cue(reason, re.compile(regex, flags), max_words, where)


TEASER_WORDS = (
    r"next|previous|prev|read more|read also|also read|read next|related|related articles?|"
    r"related stories|related news|related coverage|see also|more from|more on this|more news|"
    r"more stories|recommended|most read|most popular|most viewed|trending|you may also like|"
    r"you might also like|don'?t miss|watch|listen|also on|popular now|editor'?s picks|"
    r"further reading|continue reading|read the full (?:story|article)|latest news|top stories"
)

# Wire and photo agencies whose name alone on a line, or at the end of a caption, is a credit.
AGENCIES = (r"AP|AFP|Reuters|REUTERS|dpa|DPA|EPA|ANP|ANSA|TASS|Xinhua|XINHUA|Anadolu|ANADOLU|AA|IANS|PTI|UPI|"
            r"Bloomberg|NAN|APA|KUNA|WAM|SPA|Yonhap|Kyodo|Belga|Lusa|EFE|BTA|MTI|CTK|PAP|Tanjug|Agencies|agencies")

CUES: tuple[Cue, ...] = (
    # Teasers: a cue followed by a colon/arrow/pipe or written in capitals, or a bare cue line.
    _cue("teaser", rf"^(?:{TEASER_WORDS})\s*(?:[:>»›|\-–—]|$)", 25),
    _cue("teaser", r"^(?:next|previous|prev|related|read more|see also)\b.*\s\|\s", 25),
    # Capitalised cue words announcing another article: "NEXT Cannabis now legal in Germany".
    _cue("teaser", r"^(?:NEXT|PREVIOUS|PREV|RELATED|READ MORE|READ ALSO|ALSO READ|SEE ALSO|MORE|WATCH|"
                   r"LISTEN|RECOMMENDED|TRENDING)\b:?\s+\S", 25, "any", 0),
    _cue("teaser", r"^(?:read more|read also|also read|read next|see also|related|more from|recommended)"
                   r"\b[^.!?]*$", 20),
    _cue("teaser", r"(?:read more|continue reading|read the full (?:story|article))\s*(?:[>»›→.]+)?$", 6),
    # A teaser label glued to the teaser's own text by the scraper: "More InformationPORTUGAL, ...".
    _cue("teaser", r"^(?:read more|read also|also read|read next|related (?:articles|stories|news)|see also|"
                   r"more information|more news|more stories|more from \w+|most read|top stories|latest news|"
                   r"you may also like)(?-i:[A-Z])", 40),
    _cue("teaser", r"^continue\s*[>»›→]", 12),
    # An overlay's close button printed before the teaser it covered: "✕ Close Mayor of ... announces review".
    _cue("teaser", r"^[✕×✖]\s*close\b", 25),
    # A link prompt: the text after the colon is only the link's anchor ("full timetable for May 3: HERE .").
    _cue("link prompt", r"[:>»›–—-]\s*(?:click |tap )?(?:here|this link|link)\s*[.!]?\s*$", 15),
    _cue("link prompt", r"^(?:click|tap) (?:here|on the link|the link)\b", 20),
    # Player and gallery controls, page furniture.
    _cue("page control", r"^(?:[✕×✖▶►]\s*)?(?:close|zoom(?: in| out)?(?: photo| image| picture)?|"
                         r"(?:share|enlarge|view|download) (?:photo|image|picture|video|gallery)|show (?:more|less)|"
                         r"load more|see more|back to top(?: button)?|(?:top|bottom) of (?:the )?page|"
                         r"skip to (?:main )?content|search|menu|expand|collapse|play(?: video)?|"
                         r"(?:next|previous) (?:photo|image|slide))\s*[.!>»›]*$", 5),
    # Tag lists and categories.
    _cue("tag list", r"^(?:tags?|tagged(?: with)?|keywords?|topics?|filed under|categories|category|"
                     r"labels?|themes?|subjects?)\s*[:|]", 60),
    _cue("tag list", r"^(?:#\w+[\s,]*){2,}$", 30),
    # Comment prompts.
    _cue("comment prompt", r"^(?:leave|post|add|write|submit) (?:a|your) (?:reply|comment|response)", 10),
    _cue("comment prompt", r"your email address will not be published", 30),
    _cue("comment prompt", r"required fields are marked", 30),
    _cue("comment prompt", r"^(?:\d+ )?comments?\s*(?:\(\d+\)|:)?\s*$", 3),
    _cue("comment prompt", r"^(?:view|show|hide|load|read) (?:all |the )?(?:\d+ )?comments?", 8),
    _cue("comment prompt", r"^(?:join|start) the (?:conversation|discussion|debate)", 12),
    _cue("comment prompt", r"^(?:log ?in|sign ?in|register) to (?:comment|reply|post)", 12),
    _cue("comment prompt", r"^(?:be the first to comment|comments are closed|no comments yet)", 10),
    _cue("comment prompt", r"^please (?:enter|type|leave|write) (?:your|a) (?:comment|name|e-?mail|reply)", 12),
    _cue("comment prompt", r"^what'?s your (?:reaction|opinion|view|take)\b", 6),
    _cue("comment prompt", r"^(?:warning|note|disclaimer|attention)\s*:.*\bcomments?\b", 80),
    _cue("comment prompt", r"\bcomments? (?:that|which) (?:contain|include|are)\b.*\b(?:approved|published|removed|deleted)\b", 80),
    _cue("comment prompt", r"^\d+\s*views?\s*\d+\s*comments?$", 6),
    # Share / follow / subscribe / donate.
    _cue("share/subscribe", r"^(?:share|tweet|email|print|whatsapp|copy link|save|pin it)"
                            r"(?:\s*(?:this|the)? ?(?:article|story|page|post|link))?\s*$", 4),
    _cue("share/subscribe", r"^share (?:this|on|via|the|article|story)\b", 10),
    _cue("share/subscribe", r"^(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|print)"
                            r"(?:\s*[|•·,/]\s*(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|print))+$", 12),
    _cue("share/subscribe", r"^follow (?:us|@|\w+ on)\b", 15),
    _cue("share/subscribe", r"^(?:subscribe|sign up|register|join)\b.*\b(?:newsletter|updates|"
                            r"subscription|free|now|today|inbox|alerts)\b", 25),
    _cue("share/subscribe", r"\b(?:newsletter|podcast|our app)\b.*\b(?:subscribe|sign up|download)\b", 25),
    _cue("share/subscribe", r"^(?:subscribe|follow|join)(?: to)? (?:us on |our |the )[\w ]{0,30}\b(?:channel|feed|page|"
                            r"account|group|podcast|list)\b", 15),
    _cue("share/subscribe", r"^(?:click here|tap here|download (?:the|our) app|get the app)\b", 20),
    _cue("share/subscribe", r"^(?:support|donate to|become a (?:member|subscriber|supporter)|"
                            r"help us)\b.*\b(?:journalism|reporting|donate|today|now)\b", 30),
    _cue("share/subscribe", r"^(?:advertisement|sponsored(?: content)?|ad|scroll to continue)\s*$", 4),
    _cue("share/subscribe", r"^get (?:a|an|the|our|your)\b.*\b(?:newsletter|(?:daily|weekly) e-?mail|in your inbox|"
                            r"(?:e-?mail|news) alerts?)\b", 30),
    # Donation appeals and their lists: a donation with a web address to give at.
    _cue("share/subscribe", r"\bdonat(?:e|es|ed|ing|ions?)\b.*(?:https?://|www\.)", 40),
    # Submission prompts: "send us your news", "by submitting a news release to <Outlet>".
    _cue("submission prompt", r"\bsubmit(?:ting)? (?:a |your )?(?:news release|press release|news tip|tip|story|letter)s? to\b", 40),
    _cue("submission prompt", r"^(?:send|email|share) us your (?:news|tips?|story|stories|photos|views)\b", 25),
    # Editorial and syndication notes.
    _cue("editorial note", r"^(?:the|this) (?:article|story|text|piece|report|original) (?:is|was) "
                           r"(?:written |originally |first )?(?:in|published in|available in) [a-z]+\.?$", 10),
    _cue("editorial note", r"^(?:this (?:article|story|piece|report) )?(?:was |has been |is )?"
                           r"(?:originally|first) (?:published|appeared)\b", 30, "edge"),
    _cue("editorial note", r"\b(?:machine[- ])?translated (?:from|by)\b", 15, "edge"),
    _cue("editorial note", r"^(?:editor'?s note|correction|clarification|update)\s*[:\-–—]", 40, "edge"),
    _cue("editorial note", r"^(?:this|the) (?:article|story) (?:has been|was) (?:updated|corrected|amended)", 25),
    # Syndication notes: "This story was provided by <Agency> and has not been edited by <Outlet> staff".
    _cue("syndication note", r"^(?:this|the) (?:article|story|report|content|piece|text) (?:was|is|has been) "
                             r"(?:provided|supplied|syndicated|distributed|produced|republished|reproduced) "
                             r"(?:by|through|via|from|under|with)\b", 40),
    _cue("syndication note", r"\b(?:has|have) not been edited by\b", 40),
    _cue("syndication note", r"^(?:republished|reproduced|reprinted|syndicated) (?:with permission )?(?:from|by|courtesy of)\b", 25),
    # "(c)" only with a year: in a caption "(C)" marks the person in the centre.
    _cue("copyright", r"(?:^|\s)(?:(?:©|copyright)\s*(?:\d{4}|[a-z])|\(c\)\s*\d{4})", 25),
    _cue("copyright", r"\ball rights reserved\b", 25),
    # Bylines and credits.
    _cue("byline/credit", r"\bcontributed (?:to )?(?:the |this )?(?:reporting|report|story|article|research)\b", 25, "edge"),
    _cue("byline/credit", r"^\(?(?:additional |further )?reporting (?:by|from)\b", 40, "edge"),
    _cue("byline/credit", r"^\(?(?:editing|edited|written|compiled|translated|produced|"
                          r"writing|story|text|words|research) by\b", 25, "edge"),
    # "By Jane Doe" / "By Jane Doe and Sam Roe, Reuters": case-sensitive so "By then ..." stays.
    _cue("byline/credit", r"^[Bb][Yy]:?\s+(?:[A-Z][\w'’.\-]*\s*){1,4}(?:(?:,|\band\b|&|\|)\s*.*)?(?<![.!?\x22”])$", 14, "edge", 0),
    _cue("byline/credit", r"^(?:photo|photos|image|images|picture|video|graphic|illustration|"
                          r"source|credit|caption)s?(?: credit)?\s*[:/|©]", 20),
    _cue("byline/credit", r"\((?:photo|image|picture)(?: credit)?:? [^)]*\)$", 25),
    _cue("byline/credit", r"^(?:about the author|author bio|the author)\s*[:\-]?\s*$", 5),
    # An author's photo by its alt text ("Writer's picture", "Author avatar"), before the name.
    _cue("byline/credit", r"^[\W\s]*(?:writer|author|editor|reporter|columnist)'?s? ?(?:picture|photo|image|avatar)", 12),
    # "<Name>, Staff Writer" / "Jane Doe | Senior Correspondent": a name and a newsroom role.
    _cue("byline/credit", r"^(?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’.\-]*\s*[,|–—-]\s*(?i:(?:(?:staff|senior|chief|special|"
                          r"political|foreign|guest|contributing|investigative|news|our)\s+)*(?:writer|reporter|"
                          r"correspondent|editor|contributor|columnist|journalist)s?)\b\W*$", 10, "any", 0),
    # Agency credits: "dpa/NAN", "(AFP)", "AP/Reuters", "— Reuters", "REUTERS" alone on a line.
    _cue("byline/credit", rf"^[\W]*(?:{AGENCIES})(?:\s*[/,&]\s*(?:{AGENCIES}|[A-Z]{{2,6}}))*[\W]*$", 4, "any", 0),
    _cue("byline/credit", r"^[\W]*[a-zA-Z]{2,6}\s*/\s*[A-Z]{2,6}[\W]*$", 2, "any", 0),
    # Photo captions end with the picture's credit: "... Credit: Planet Labs via AP", "... PHOTO: AFP",
    # "... (Lena Marsh/Pool)", "... File photo.", "... VALDRIAN INTERIOR MINISTRY/Handout via REUTERS".
    _cue("photo caption", r"[.!?)]\s+(?:photo|photos|image|picture|credit|pc|photograph|courtesy)"
                          r"(?: credit)?\s*[:©]\s*\S.{0,60}$", 45),
    _cue("photo caption", r"(?:^|[.!?]\s+)(?:file|handout|archive) (?:photo|picture|image)s?\.?$", 45),
    _cue("photo caption", r"\((?:photo:?\s*)?[A-Z][\w.'’\- ]{1,40}/[\w.'’\- ]{2,40}\)$", 45, "any", 0),
    _cue("photo caption", rf"(?:/\s*|\bvia\s+|\bhandout\b.*\s)(?:{AGENCIES}|getty images|shutterstock)\s*$", 45),
    # An embedded social-media post: "... pic.twitter.com/x — Name (@handle) June 24, 2023".
    _cue("embedded post", r"\bpic\.twitter\.com/|[—–-]\s*[^—–]{1,60}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}\s*$", 80),
)

# Words that may sit around a date on a timestamp line ("Published on 14 March 2026, 09:12 CET").
TIMESTAMP_WORDS: frozenset[str] = frozenset(
    "published updated update posted modified last first created on at am pm a.m. p.m. gmt utc cet cest "
    "est edt pst pdt bst msk ist ist local time date min mins minute minutes read reading hour hours "
    "ago day days yesterday today monday tuesday wednesday thursday friday saturday sunday mon tue wed "
    "thu fri sat sun h hrs by".split()
    # The same stamps in the other languages our users scrape most (de, nl, fr, es, it, pt).
    + "aktualisiert veröffentlicht am um uhr stand gepubliceerd bijgewerkt op om publié mis à jour "
    "le publicado actualizado el a las pubblicato aggiornato il alle atualizado em às".split()
)
# A line made only of these (and numbers) is a reading-time/age stamp: "5 min read", "3 hours ago".
RELATIVE_STAMP = re.compile(r"^(?:\d+\s*(?:sec|secs|seconds?|min|mins|minutes?|hours?|hrs?|days?)\s*(?:read|ago)|"
                            r"(?:estimated )?(?:reading time|read time)\s*:?\s*\d+.*|updated \d+ \w+ ago|just now)$")
# Separators between menu items ("Home | World | Europe", "News • Sport • Weather").
NAV_SEPARATOR = re.compile(r"\s+[|•·»›>/]\s+|\s*[|•·»›]\s*")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|news|co\.uk|eu|de|nl|fr|ru|io|example)(?:/\S*)?\b", re.I)
TERMINAL = ".!?…:;"
CLOSING_QUOTES = "\"'”’»)]"
