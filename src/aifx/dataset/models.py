"""The dataset's records as frozen pydantic models: one record's rules live here, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    computed_field,
    model_validator,
)

from aifx.dataset.fieldtypes import Contact, Country, Line, Number, Ordinal, RecordId, SourceId, Text, Url
from aifx.dataset.vocabulary import (
    BidStage,
    EventKind,
    Kind,
    MemberKind,
    MemberRole,
    Precision,
    Qualifier,
    Rank,
    Scope,
    Sector,
    SourceKind,
    SystemKind,
    SystemStatus,
    Verification,
)


class Model(BaseModel):
    """Shared configuration: immutable records, unknown fields refused."""

    # defer_build: a warm run only unpickles records, so the validators are built only when data is parsed.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True)


_VERIFIED = "confirmed (an official source), reported (secondary reporting only) or unconfirmed (treat with care)."


class Source(Model):
    """A document that supports facts; every fact in the dataset points to at least one."""

    id: SourceId = Field(description="Short stable id, lower-case words joined by hyphens.")
    title: Line = Field(description="The title as published.")
    publisher: Line = Field(description="Who published it.")
    url: Url = Field(description="Where to read it.")
    kind: SourceKind = Field(description="How far it can be trusted on its own: official, news, blog or other.")
    published: dt.date | None = Field(description="Publication date; null when the page carries none.")
    retrieved: dt.date = Field(description="When the page was last read to check the facts citing it.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def official(self) -> bool:
        """Whether the publisher speaks for the programme, a government or the host."""
        return self.kind is SourceKind.official

    @model_validator(mode="after")
    def _retrieved_after_published(self) -> Source:
        if self.published is not None and self.retrieved < self.published:
            raise ValueError(f"retrieved {self.retrieved} is before published {self.published}")
        return self


class Claim(Model):
    """One source-backed statement of a quantity; several claims about one fact may disagree."""

    value: Number | None = Field(
        description="The amount, or a range's lower end; in millions when a currency is given. null: unknown."
    )
    high: Number | None = Field(
        default=None, description="A range's upper end, when the source states a range (EUR 500-600 million)."
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="ISO 4217 code; the value is then in millions of it."
    )
    unit: Line | None = Field(default=None, description="For counts and other non-money values, e.g. 'countries'.")
    qualifier: Qualifier = Field(
        default=Qualifier.exact,
        description="How the stated amount relates to the true one: exact, about, at_least, over or up_to.",
    )
    scope: Scope = Field(
        default=Scope.total,
        description="Whose money it counts: total, eu_share, national_share, cumulative or other.",
    )
    party: Country | None = Field(default=None, description="The country whose share a national claim is.")
    rank: Rank = Field(
        default=Rank.normal,
        description="preferred (shown first), normal, or deprecated (kept to explain what others reported).",
    )
    stated: Line | None = Field(default=None, description="The figure as the source words it.")
    sources: list[SourceId] = Field(default_factory=list, description="Ids of the sources that state it.")
    note: Text | None = Field(
        default=None, description="Caveats and context, in our own words; why the value is unknown when it is null."
    )

    @model_validator(mode="after")
    def _coherent(self) -> Claim:
        if self.value is None and not self.note:
            raise ValueError("an unknown value (null) needs a note saying why")
        if self.value is not None and not self.sources:
            raise ValueError("a claim with a value needs at least one source")
        if self.value is not None and self.value < 0:
            raise ValueError("value must not be negative")
        if self.currency and self.unit:
            raise ValueError("give either a currency or a unit, not both")
        if self.high is not None and (self.value is None or self.high <= self.value):
            raise ValueError("a range's upper end ('high') is above its lower end ('value')")
        if self.high is not None and self.qualifier not in (Qualifier.exact, Qualifier.about):
            raise ValueError(f"a range is exact or about, not {self.qualifier.value}")
        if self.scope is Scope.national_share and self.party is None:
            raise ValueError("a national_share claim names its country in 'party'")
        return self


class Coordinates(Model):
    """Approximate location of the host site (city level)."""

    lat: Number = Field(ge=-90, le=90, description="Latitude in degrees (WGS 84).")
    lon: Number = Field(ge=-180, le=180, description="Longitude in degrees (WGS 84).")

    @model_validator(mode="after")
    def _in_europe(self) -> Coordinates:
        # Europe's bounding box, generous enough for the Canaries, Cyprus and Iceland.
        if not (27.0 <= self.lat <= 72.0 and -32.0 <= self.lon <= 45.0):
            raise ValueError(f"({self.lat}, {self.lon}) lies outside Europe's bounding box")
        return self


class Supercomputer(Model):
    """The system a factory runs on."""

    name: Line | None = Field(description="The supercomputer's name; null when none is known yet.")
    system: SystemKind = Field(description="new, upgrade, existing or none: what the system is to the factory.")
    systems: list[RecordId] = Field(default_factory=list, description="Ids of the systems it runs on or will run on.")
    notes: Text | None = Field(default=None, description="Caveats and context about the system, in our own words.")
    sources: list[SourceId] = Field(default_factory=list, description="Ids of the sources that describe the system.")


# How listings and curator commands name a field, where the data file names it otherwise.
MODEL_NAMES = {"experimental": "experimental_platform"}


class Factory(Model):
    """An AI Factory or an AI Factory Antenna."""

    id: RecordId = Field(description="The id users type, e.g. LUMI-AF.")
    name: Line = Field(description="The full name.")
    aliases: list[Line] = Field(default_factory=list, description="Other names and abbreviations it goes by.")
    kind: Kind = Field(description="factory (an AI Factory) or antenna (an AI Factory Antenna).")
    wave: Ordinal | None = Field(default=None, description="Selection wave (factories only).")
    selected: dt.date | None = Field(default=None, description="Selection date (antennas; factories take the wave's).")
    country: Country = Field(description="Host country, ISO 3166-1 alpha-2.")
    city: Line | None = Field(description="Host city.")
    host: Line | None = Field(description="Hosting organisation.")
    host_short: Annotated[Line, StringConstraints(max_length=16)] | None = Field(
        default=None, description="The host's short name as people say it (HLRS, BSC, CINECA), shown in listings."
    )
    partners: list[Country] = Field(default_factory=list, description="Other consortium countries, ISO 3166-1 alpha-2.")
    linked_factories: list[RecordId] = Field(default_factory=list, description="Factories an Antenna connects to.")
    supercomputer: Supercomputer | None = Field(default=None, description="The system it runs on.")
    budget: list[Claim] = Field(default_factory=list, description="Budget claims; several may disagree.")
    budget_note: Text | None = Field(default=None, description="How to read the budget claims.")
    sectors: list[Sector] = Field(default_factory=list, description="Focus sectors (a controlled vocabulary).")
    sectors_note: Text | None = Field(default=None, description="What the sectors leave out or qualify.")
    experimental_platform: Annotated[bool, Strict()] | None = Field(
        default=None, description="Whether it runs an experimental AI platform; null: not known."
    )
    coordinates: Coordinates | None = Field(default=None, description="Where the host site is (city level).")
    coordinates_note: Text | None = Field(
        default=None,
        description="Where the coordinates come from: 'the site, per <publisher date>' or "
        "'the host city's centre (GeoNames)'.",
    )
    website: Url | None = Field(default=None, description="The record's own website; null: none found.")
    access: Url | None = Field(default=None, description="The page that says how to apply or whom to ask.")
    contact: Contact | None = Field(
        default=None, description="A published e-mail address or contact-form URL; null: none published."
    )
    status: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")] = Field(
        description="Where it stands: selected, deploying, operational, …"
    )
    verification: Verification = Field(description=_VERIFIED)
    summary: Text | None = Field(default=None, description="A few sentences in our own words.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that support the record.")

    @model_validator(mode="after")
    def _kind_rules(self) -> Factory:
        if self.kind is Kind.factory and self.wave is None:
            raise ValueError("a factory needs its selection wave")
        if self.kind is Kind.antenna and self.wave is not None:
            raise ValueError("antennas are not part of a factory wave; give 'selected' instead")
        if self.kind is Kind.antenna and self.selected is None:
            raise ValueError("an antenna needs its 'selected' date")
        if self.kind is Kind.factory and self.selected is not None:
            raise ValueError("a factory's selection date is its wave's; remove 'selected'")
        if self.host_short is not None and self.host is None:
            raise ValueError("host_short abbreviates host; give host first")
        if self.country in self.partners:
            raise ValueError(f"host country {self.country} is also listed among partners")
        return self


class Wave(Model):
    """One selection round of AI Factories."""

    number: Ordinal = Field(description="The wave's number.")
    announced: dt.date = Field(description="When the selection was announced.")
    call: Line | None = Field(default=None, description="Call identifier(s).")
    cutoff: dt.date | None = Field(default=None, description="The call cut-off the selection came from.")
    totals: list[Claim] = Field(default_factory=list, description="Stated investment totals; several may disagree.")
    summary: Text | None = Field(default=None, description="A few sentences in our own words.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that support the record.")


class Initiative(Model):
    """A sovereign-AI effort outside the factory programme, or the EU's gigafactory programme."""

    id: RecordId = Field(description="The id users type, e.g. JUPITER-AI.")
    name: Line = Field(description="The full name.")
    aliases: list[Line] = Field(default_factory=list, description="Other names and abbreviations it goes by.")
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")] = Field(
        description="What kind of effort: national-supercomputer, sovereign-ai-programme, eu-programme, … (a "
        "gigafactory bid is a record of its own, in bids)"
    )
    country: Country | None = Field(description="null for EU-wide programmes.")
    lead: Line | None = Field(description="Lead organisation.")
    announced: dt.date | None = Field(description="When it was announced; null: not known.")
    hardware: Text | None = Field(
        description="Free text, only where no system in systems.yaml is linked to the initiative; null otherwise."
    )
    budget: list[Claim] = Field(default_factory=list, description="Budget claims; several may disagree.")
    budget_note: Text | None = Field(default=None, description="How to read the budget claims.")
    status: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")] = Field(
        description="Where it stands: announced, under-construction, operational, …"
    )
    verification: Verification = Field(description=_VERIFIED)
    related: list[RecordId] = Field(
        default_factory=list, description="Ids of the factories or initiatives it relates to."
    )
    summary: Text | None = Field(default=None, description="A few sentences in our own words.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that support the record.")

    @model_validator(mode="after")
    def _not_a_bid(self) -> Initiative:
        if self.kind == "gigafactory-bid":
            raise ValueError(
                "a gigafactory bid is a record of bids (its sites, members, size and stage), not an initiative"
            )
        return self


class Figure(Model):
    """One sourced figure about a system (a count, a performance, a power draw); several may disagree."""

    value: Number | None = Field(description="The figure; null: unknown, with a note.")
    qualifier: Qualifier = Field(
        default=Qualifier.exact,
        description="How the stated figure relates to the true one: exact, about, at_least, over or up_to.",
    )
    unit: Line | None = Field(default=None, description="PFLOPS, EFLOPS, … (counts and MW figures have none).")
    precision: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.+-]*$", max_length=24)] | None = Field(
        default=None, description="Arithmetic a performance is measured in: FP64-HPL, FP64-peak, FP8, …"
    )
    planned: bool = Field(default=False, description="A figure for a system or phase not yet delivered.")
    part: Line | None = Field(
        default=None,
        description="The module or partition the figure covers (Booster, Cluster module); null: the whole system. "
        "Totals use whole-system figures only.",
    )
    rank: Rank = Field(
        default=Rank.normal,
        description="preferred (the one to use where sources disagree about one quantity), normal, or deprecated "
        "(kept to explain what others reported; left out of totals).",
    )
    stated: Line | None = Field(default=None, description="The figure as the source words it.")
    sources: list[SourceId] = Field(default_factory=list, description="Ids of the sources that state it.")
    note: Text | None = Field(
        default=None, description="Caveats and context, in our own words; why the value is unknown when it is null."
    )

    @model_validator(mode="after")
    def _coherent(self) -> Figure:
        if self.value is None and not self.note:
            raise ValueError("an unknown value (null) needs a note saying why")
        if self.value is not None and not self.sources:
            raise ValueError("a figure with a value needs at least one source")
        if self.value is not None and self.value < 0:
            raise ValueError("value must not be negative")
        return self


def _one_preferred(figures: list[Figure], quantity: Callable[[Figure], Hashable], field: str) -> None:
    """At most one preferred figure per quantity (a count, a precision, a power draw; planned or not; a part)."""
    seen: set[Hashable] = set()
    for f in figures:
        if f.rank is Rank.preferred:
            if quantity(f) in seen:
                raise ValueError(f"two {field} figures of one quantity are preferred; mark one, the other normal")
            seen.add(quantity(f))


class Chip(Model):
    """One accelerator model as its vendor's datasheet gives it: the per-chip rates that put systems on one scale.

    Rates are dense (without structured sparsity) and per package, the unit systems' counts are in.
    """

    id: RecordId = Field(description="The id systems link to, e.g. H100-SXM.")
    name: Line = Field(description="The model as its vendor names it.")
    vendor: Line = Field(description="Who makes it.")
    dies: Ordinal = Field(
        default=1, description="Compute dies per package (an MI250X has two); counts and rates are per package."
    )
    fp64_tflops: Number | None = Field(
        description="Dense FP64 TFLOPS per package (matrix/tensor rate where higher); null: not published.",
        json_schema_extra={"unit": "TFLOPS"},
    )
    bf16_tflops: Number | None = Field(
        description="Dense BF16 (else FP16) tensor TFLOPS per package; null: not published.",
        json_schema_extra={"unit": "TFLOPS"},
    )
    fp8_tflops: Number | None = Field(
        description="Dense FP8 tensor TFLOPS per package; null: no FP8 support or not published.",
        json_schema_extra={"unit": "TFLOPS"},
    )
    int8_tops: Number | None = Field(
        default=None,
        description="Dense INT8 TOPS per package, the 8-bit rate of chips without FP8.",
        json_schema_extra={"unit": "TOPS"},
    )
    memory_gb: Number | None = Field(
        default=None, description="Accelerator memory per package, GB.", json_schema_extra={"unit": "GB"}
    )
    tdp_w: Number | None = Field(
        default=None, description="Maximum board or module power, W.", json_schema_extra={"unit": "W"}
    )
    notes: Text | None = Field(default=None, description="Caveats: variants, which rates are unpublished and why.")
    sources: list[SourceId] = Field(min_length=1, description="The datasheets or pages stating the figures.")

    @model_validator(mode="after")
    def _positive(self) -> Chip:
        rates = (self.fp64_tflops, self.bf16_tflops, self.fp8_tflops, self.int8_tops, self.memory_gb, self.tdp_w)
        if any(r is not None and r <= 0 for r in rates):
            raise ValueError("a rate, memory or power is above zero (null when not published)")
        if None in (self.bf16_tflops, self.fp8_tflops) and not self.notes:
            raise ValueError("a chip without a published BF16 or FP8 rate says why in its notes")
        return self


class Accelerator(Model):
    """One accelerator model in a system, with its count claims."""

    model: Line = Field(description="The accelerator model as sources name it, e.g. NVIDIA GH200.")
    chip: RecordId | None = Field(
        default=None, description="The chip's id in chips.yaml; null when sources do not name the model."
    )
    count: list[Figure] = Field(min_length=1, description="How many; claims may disagree.")

    @model_validator(mode="after")
    def _whole(self) -> Accelerator:
        for figure in self.count:
            if figure.value is not None and figure.value != int(figure.value):
                raise ValueError(f"a count is a whole number, not {figure.value:g}")
            if figure.unit is not None or figure.precision is not None:
                raise ValueError("a count has no unit or precision")
        _one_preferred(self.count, lambda f: (f.planned, f.part), "count")
        return self


class Top500(Model):
    """A system's entry in one TOP500 list."""

    edition: Annotated[str, StringConstraints(pattern=r"^\d{4}-(06|11)$")] = Field(
        description="The TOP500 list, e.g. 2025-11."
    )
    rank: Ordinal | None = Field(default=None, description="Its rank in that list.")
    rmax_pflops: Number | None = Field(
        default=None, description="Measured HPL performance, PFLOPS.", json_schema_extra={"unit": "PFLOPS"}
    )
    rpeak_pflops: Number | None = Field(
        default=None, description="Theoretical peak performance, PFLOPS.", json_schema_extra={"unit": "PFLOPS"}
    )
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that state it.")


class System(Model):
    """A supercomputer that an AI Factory, an Antenna's factory or an initiative uses or will use."""

    id: RecordId = Field(description="The id users type, e.g. LUMI-AI.")
    name: Line = Field(description="The system's name.")
    aliases: list[Line] = Field(default_factory=list, description="Other names and abbreviations it goes by.")
    host: Line | None = Field(description="Hosting organisation.")
    country: Country = Field(description="Host country, ISO 3166-1 alpha-2.")
    city: Line | None = Field(default=None, description="Host city.")
    vendor: Line | None = Field(default=None, description="Vendor or integrator as sources name it.")
    cpu: Line | None = Field(default=None, description="Its processors.")
    accelerators: list[Accelerator] = Field(
        default_factory=list, description="Accelerator models with their count claims."
    )
    performance: list[Figure] = Field(default_factory=list, description="Claims with a unit and a precision.")
    top500: list[Top500] = Field(default_factory=list, description="Its entries in TOP500 lists.")
    power_mw: list[Figure] = Field(default_factory=list, description="Power draw in MW.")
    status: SystemStatus = Field(description="Where it is: planned, procuring, installing, operational or retired.")
    factories: list[RecordId] = Field(default_factory=list, description="Ids of the factories it serves.")
    initiatives: list[RecordId] = Field(default_factory=list, description="Ids of the initiatives it belongs to.")
    verification: Verification = Field(description=_VERIFIED)
    summary: Text | None = Field(default=None, description="A few sentences in our own words.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that support the record.")

    @model_validator(mode="after")
    def _figures(self) -> System:
        for figure in self.performance:
            if figure.unit is None or figure.precision is None:
                raise ValueError("a performance figure names its unit (PFLOPS, …) and precision (FP64-HPL, FP8, …)")
        _one_preferred(self.performance, lambda f: (f.precision, f.planned, f.part), "performance")
        _one_preferred(self.power_mw, lambda f: (f.planned, f.part), "power_mw")
        return self


class Event(Model):
    """One dated, sourced thing that happened to one or more records."""

    id: SourceId = Field(description="Short stable id, lower-case words joined by hyphens.")
    date: dt.date = Field(description="The day; the 1st of the month or of January at month or year precision.")
    precision: Precision = Field(
        default=Precision.day, description="How much of the date is known: day, month or year."
    )
    kind: EventKind = Field(description="What happened: call-opened, contract, inauguration, launch, …")
    title: Annotated[Line, StringConstraints(max_length=120)] = Field(description="One line, in our own words.")
    records: list[RecordId] = Field(
        default_factory=list,
        description="Factories, antennas, initiatives, bids, systems (ids) and waves (wave-N) it concerns.",
    )
    countries: list[Country] = Field(default_factory=list, description="Countries it concerns, ISO 3166-1 alpha-2.")
    status: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")] | None = Field(
        default=None,
        description="The status its records have from this date on, for a status change; for a bid event, the stage "
        "its bids reach.",
    )
    verification: Verification = Field(description=_VERIFIED)
    note: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that report it.")

    @model_validator(mode="after")
    def _coherent(self) -> Event:
        if self.precision is not Precision.day and self.date.day != 1:
            raise ValueError(f"a {self.precision.value}-precision date is written as the 1st ({self.date})")
        if self.precision is Precision.year and self.date.month != 1:
            raise ValueError(f"a year-precision date is written as 1 January ({self.date})")
        if self.kind is EventKind.selection:
            raise ValueError(
                "selection events come from waves' 'announced' and antennas' 'selected'; set those instead"
            )
        if self.status is not None and not self.records:
            raise ValueError("a status change names the records whose status it is")
        if self.kind is EventKind.bid and self.status not in {s.value for s in BidStage}:
            stages = ", ".join(s.value for s in BidStage)
            raise ValueError(f"a bid event names the stage reached in 'status': one of {stages}")
        return self


# What a bid's size claims may count besides money (a claim with a currency): AI accelerators and power.
CHIPS, MW = "chips", "MW"
SIZE_UNITS = (CHIPS, MW)


class Site(Model):
    """A place a gigafactory bid would build on."""

    place: Line = Field(description="The town, district or area as sources name it, e.g. Móra la Nova.")
    country: Country = Field(description="ISO 3166-1 alpha-2.")
    region: Line | None = Field(default=None, description="The region or province, where it helps to find the place.")
    role: Line | None = Field(
        default=None, description="What the site is to the bid where sources say: main site, second site, …"
    )
    coordinates: Coordinates | None = Field(default=None, description="Where the site is; null: not known.")
    coordinates_note: Text | None = Field(
        default=None,
        description="Where the coordinates come from: 'the site, per <publisher date>' or 'the town's centre "
        "(GeoNames: <town>)'; why they are unknown when null.",
    )
    note: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that name the site.")


class Member(Model):
    """A company or public body taking part in, or backing, a gigafactory bid."""

    name: Line = Field(description="The member's name as it is usually written.")
    kind: MemberKind = Field(description="company, government, public-body, research or investor.")
    role: MemberRole = Field(description="lead, partner, supplier or supporter (backs it without being a member).")
    country: Country | None = Field(default=None, description="Where the member is based; null: not stated.")
    note: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that name the member.")


class Bid(Model):
    """A publicly disclosed bid or national candidacy to host an EU AI gigafactory."""

    id: RecordId = Field(description="The id users type, e.g. ES-AIGF.")
    name: Line = Field(description="The bid's name, or a descriptive one where it has none.")
    aliases: list[Line] = Field(default_factory=list, description="Other names it goes by.")
    countries: list[Country] = Field(
        min_length=1,
        description="The countries it would be built in or is made for, ISO 3166-1 alpha-2; the first leads.",
    )
    sites: list[Site] = Field(default_factory=list, description="The places it would build on, as disclosed.")
    members: list[Member] = Field(default_factory=list, description="Its consortium members and backers.")
    size: list[Claim] = Field(
        default_factory=list,
        description="Announced size: money (a currency), AI accelerators (unit 'chips') or power (unit 'MW'), each as "
        "its source states it; several may disagree.",
    )
    size_note: Text | None = Field(default=None, description="How to read the size claims.")
    accelerator: Line | None = Field(
        default=None, description="The accelerator model its backers name, as they name it; null: none named."
    )
    chip: RecordId | None = Field(
        default=None, description="That model's id in chips.yaml, where it is there; null otherwise."
    )
    stage: BidStage = Field(
        description="The stage reached, as the latest `bid` event naming it says: announced, eoi-submitted, "
        "endorsed, consortium, submitted, selected, not-selected, merged or withdrawn."
    )
    merged_into: RecordId | None = Field(default=None, description="The bid it was folded into (stage merged).")
    verification: Verification = Field(description=_VERIFIED)
    related: list[RecordId] = Field(
        default_factory=list, description="Ids of the factories, initiatives and bids it relates to."
    )
    summary: Text | None = Field(default=None, description="A few sentences in our own words.")
    notes: Text | None = Field(default=None, description="Caveats and context, in our own words.")
    sources: list[SourceId] = Field(min_length=1, description="Ids of the sources that support the record.")

    @model_validator(mode="after")
    def _coherent(self) -> Bid:
        if len(set(self.countries)) != len(self.countries):
            raise ValueError("a country is listed twice in countries")
        if stray := [s.place for s in self.sites if s.country not in self.countries]:
            raise ValueError(f"site {stray[0]!r} lies in a country the bid does not list in countries")
        for claim in self.size:
            if claim.currency is None and claim.unit not in SIZE_UNITS:
                unit = f"unit {claim.unit!r}" if claim.unit else "no currency or unit"
                raise ValueError(f"a size claim counts money (a currency), 'chips' or 'MW', not {unit}")
            if claim.unit is not None and claim.scope.value not in ("total", "other"):
                raise ValueError(f"a count of {claim.unit} has scope total or other, not {claim.scope.value}")
        if self.chip is not None and self.accelerator is None:
            raise ValueError("chip links the accelerator its backers name; give accelerator first")
        if (self.stage is BidStage.merged) != (self.merged_into is not None):
            raise ValueError("a merged bid names the bid it joined in merged_into, and only a merged one does")
        if self.merged_into == self.id:
            raise ValueError("a bid cannot be merged into itself")
        return self


class Dataset(Model):
    """Metadata about the dataset as a whole."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")] = Field(
        description="SemVer: patch = corrections, minor = new records, major = schema change."
    )
    as_of: dt.date = Field(description="The date the facts were last checked.")
    licence: Line = Field(description="The licence the data is published under, e.g. CC BY 4.0.")
    attribution: Text = Field(description="How to credit the data.")
    maintainers: Text | None = Field(default=None, description="Who maintains the data.")


class DataFile(Model):
    """What one YAML file under data/ may hold; the loader merges files."""

    dataset: Dataset | None = Field(default=None, description="Metadata about the dataset as a whole.")
    sources: list[Source] = Field(default_factory=list, description="The documents that facts cite.")
    waves: list[Wave] = Field(default_factory=list, description="The selection waves.")
    factories: list[Factory] = Field(default_factory=list, description="AI Factories and AI Factory Antennas.")
    initiatives: list[Initiative] = Field(default_factory=list, description="Efforts outside the programme.")
    events: list[Event] = Field(default_factory=list, description="Dated, sourced events.")
    systems: list[System] = Field(default_factory=list, description="The supercomputers.")
    chips: list[Chip] = Field(default_factory=list, description="The accelerator models systems use.")
    bids: list[Bid] = Field(default_factory=list, description="Bids and candidacies to host an AI gigafactory.")
