"""The dataset's controlled vocabularies: every enumerated value a record may take, in one place.

Plain enums, no pydantic: options and filters can name them without defining the models.
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """How much a source can be trusted on its own."""

    official = "official"  # EuroHPC JU, the Commission, a government, a hosting centre
    news = "news"  # press, trade media, agencies
    blog = "blog"  # blogs and other unedited publications
    other = "other"  # universities' news items, reference works, aggregators


class Qualifier(StrEnum):
    """How a stated amount relates to the true one ("at least 556")."""

    exact = "exact"
    about = "about"
    at_least = "at_least"
    over = "over"
    up_to = "up_to"


class Scope(StrEnum):
    """Whose money a budget claim counts."""

    total = "total"  # the whole investment, EU and national together
    eu_share = "eu_share"
    national_share = "national_share"
    cumulative = "cumulative"  # a programme-wide running total, e.g. all waves so far
    other = "other"  # a part with its own meaning, described in the note


class Rank(StrEnum):
    """Which claim the tool shows first; deprecated claims are kept to explain what others reported."""

    preferred = "preferred"
    normal = "normal"
    deprecated = "deprecated"


class Verification(StrEnum):
    """How well a record as a whole is established."""

    confirmed = "confirmed"  # stated by at least one official source
    reported = "reported"  # credible secondary reporting only
    unconfirmed = "unconfirmed"  # a blog or uncheckable claim; treat with care


class Kind(StrEnum):
    """A full AI Factory, or an Antenna that gives a country access to one."""

    factory = "factory"
    antenna = "antenna"


class SystemKind(StrEnum):
    """What the factory's supercomputer is."""

    new = "new"  # a new AI-optimised system is procured
    upgrade = "upgrade"  # an existing EuroHPC system is upgraded
    existing = "existing"  # an existing or already procured system is used as is
    none = "none"  # no system of its own (most Antennas)


class Sector(StrEnum):
    """The controlled vocabulary of focus sectors."""

    agriculture = "agriculture"
    automotive = "automotive"
    climate = "climate"
    culture = "culture"
    cybersecurity = "cybersecurity"
    defence = "defence"
    education = "education"
    energy = "energy"
    environment = "environment"
    finance = "finance"
    health = "health"
    language = "language"
    life_sciences = "life-sciences"
    manufacturing = "manufacturing"
    maritime = "maritime"
    materials = "materials"
    media = "media"
    mobility = "mobility"
    public_sector = "public-sector"
    robotics = "robotics"
    science = "science"
    security = "security"
    space = "space"
    telecommunications = "telecommunications"
    tourism = "tourism"


class SystemStatus(StrEnum):
    """Where a supercomputer is in its life."""

    planned = "planned"
    procuring = "procuring"
    installing = "installing"
    operational = "operational"
    retired = "retired"


class EventKind(StrEnum):
    """What happened: the controlled vocabulary of the timeline."""

    call_opened = "call-opened"
    call_closed = "call-closed"  # a cut-off or a call's end
    selection = "selection"  # derived from waves' `announced` and antennas' `selected`, never stored
    agreement = "agreement"  # hosting, membership or cooperation agreements
    contract = "contract"  # a system or building contract signed
    procurement = "procurement"  # a tender launched
    inauguration = "inauguration"
    operational = "operational"
    launch = "launch"  # a factory, programme or initiative starts or is announced
    funding = "funding"  # a funding decision
    regulation = "regulation"  # a legal act proposed, agreed or adopted
    challenge = "challenge"  # a competition for compute
    consortium = "consortium"  # a country or partner joins or leaves
    bid = "bid"  # a gigafactory bid reaches a stage; its `status` names the stage (a BidStage)
    other = "other"


class Precision(StrEnum):
    """How much of an event's date is known: 'in March 2026' is month precision, stored as 2026-03-01."""

    day = "day"
    month = "month"
    year = "year"


class BidStage(StrEnum):
    """How far a gigafactory bid has gone; each stage is dated by a `bid` event naming the bid."""

    announced = "announced"  # its backers made it public; no submission is confirmed
    eoi_submitted = "eoi-submitted"  # an expression of interest went to the Commission's 2025 call
    endorsed = "endorsed"  # a national or regional government formally backs it
    consortium = "consortium"  # partners signed or announced a consortium or joint-bid agreement
    submitted = "submitted"  # submitted to the formal EuroHPC call for AI gigafactories (2026)
    selected = "selected"
    not_selected = "not-selected"
    merged = "merged"  # folded into another bid (its merged_into)
    withdrawn = "withdrawn"  # its backers dropped it


class MemberKind(StrEnum):
    """What a bid's member is."""

    company = "company"
    government = "government"  # a national, regional or city government or one of its ministries
    public_body = "public-body"  # a public agency, state company or state bank
    research = "research"  # a university or research centre
    investor = "investor"  # a fund or financial investor


class MemberRole(StrEnum):
    """What a member does in a bid."""

    lead = "lead"  # leads or coordinates the bid
    partner = "partner"  # a consortium member
    supplier = "supplier"  # a technology or energy supplier named as a partner
    supporter = "supporter"  # backs the bid without being a member of its consortium
