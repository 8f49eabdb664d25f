"""From the clauses of a report to candidate facts, each with the sentences that support it.

Per segment (see :mod:`.clauses`), in this order:

* **documents**: a title (《...》, “...”) holding a cue of a class below ``fg:Document`` is a
  document of the deepest such class. An agreement's parties are the subject and the places
  with the party role (与平遥县), else the origin and destination of a visit in the same
  segment; its date is the segment's, its place of signing the visit's destination;
  signatories are read before the signing cue (签署, signed): roles (cues of ``fgc:Role``),
  a person's name (jieba's person names; in English the capitalised words after a role), the
  place they act for. A policy document applies to the first place in its title.
* **partnerships**: a cue of a class below ``fg:Partnership`` in the sentence. The partners
  are the agreement's parties, else the subject paired with every other place of the segment
  that has no visit role. The status is the one the agreement's class records
  (``fg:recordsStatus``), else the status cue of highest ``fg:cuePrecedence``, else the
  scheme's default (marked uncertain); the level is a level cue of the segment, else the most
  local level the partners' classes imply (``fg:partnershipLevel``).
* **events** (:mod:`.events`): a cue of an event class is an event (visits, meetings, trade
  missions: the deepest class wins); a name cue ends the name of a named event (festival,
  summit...) or of a delegation. A visit goes from the origin (role, else the delegation's or
  the subject's place) to the destinations.
* **quantities** (see :mod:`.quantities`) belong to the segment's event, else its subject.

Cooperation areas (cues of ``fgc:CooperationArea``) go to the segment's agreements and
events. Nothing is stated that the sentence does not give: no date, country or party is
guessed, and the choices the drafter makes by default are noted in ``fg:uncertainty``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rdflib import Literal, URIRef

from ..names import romanise
from ..vocab import FG, FGC
from .clauses import Segment, segments, titles
from .cues import CueMatch, Cues
from .dates import DateContext, find_dates
from .events import EventFacts
from .fact import Fact, FactSet
from .mentions import Mention, PlaceRef
from .quantities import Quantity, find_quantities
from .reading import Article, Sentence
from .segmenting import tokens

__all__ = ["Fact", "FactSet", "extract_facts"]

_EN_NAME = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,3}")


class _Drafter(EventFacts):
    def __init__(self, article: Article, cues: Cues, published: date,
                 mentions: dict[int, list[Mention]]) -> None:
        self.article = article
        self.cues = cues
        self.published = published
        self.mentions = mentions
        self.facts = FactSet()
        self.lang = article.language

    # -- places -------------------------------------------------------------------------------

    def place(self, mention: Mention, sentence: Sentence) -> Fact:
        ref = mention.place
        fact = self.facts.get("place", ref.cls, (ref.identity,), sentence)
        fact.place = fact.place or ref
        if ref.surface not in fact.names:
            fact.names.append(ref.surface)
        if mention.qualifier is not None:
            self.place(mention.qualifier, sentence)
        container = ref.container
        if container is not None:
            fact.add(FG.locatedIn, self._place_fact(container, sentence))
        return fact

    def _place_fact(self, ref: PlaceRef, sentence: Sentence) -> Fact:
        fact = self.facts.get("place", ref.cls, (ref.identity,), sentence)
        fact.place = fact.place or ref
        if ref.surface not in fact.names:
            fact.names.append(ref.surface)
        return fact

    # -- the sentences ------------------------------------------------------------------------

    def run(self) -> FactSet:
        context = DateContext(self.published)
        paragraph = 0
        for sentence in self.article.sentences:
            if sentence.paragraph != paragraph:
                context.new_paragraph()
                paragraph = sentence.paragraph
            dates = find_dates(sentence.text, self.lang, self.published, context)
            parts = segments(sentence, self.mentions.get(sentence.index, []), dates, self.cues)
            kinds = self.cues.find(parts[0].folded, FG.Partnership) if parts else []
            statuses = self.cues.find(parts[0].folded, scheme=FGC.PartnershipStatus)
            for segment in parts:
                self.segment(segment, dates, kinds, statuses)
        return self.facts

    def segment(self, segment: Segment, dates: list, kinds: list[CueMatch],
                statuses: list[CueMatch]) -> None:
        sentence = segment.sentence
        within = self._within(segment)
        areas = {c.term for c in within(self.cues.find(segment.folded,
                                                         scheme=FGC.CooperationArea))}
        stops = [(d.start, d.end) for d in dates] + [
            (c.start, c.end) for c in within(self._verb_cues(segment))]
        delegations = self.delegations(segment, stops)
        visit = self.action_event(segment, delegations, areas)
        named = self.named_events(segment, stops)
        agreements = self.documents(segment, visit, areas)
        self.partnerships(segment, agreements, within(kinds), statuses, visit)
        quantities = find_quantities(sentence.text, self.cues,
                                     skip=[(d.start, d.end) for d in dates])
        owner = visit or (named[0] if named else None)
        for quantity in quantities:
            if segment.start <= quantity.start < segment.end:
                self.quantity(segment, quantity, owner)

    @staticmethod
    def _within(segment: Segment):  # noqa: ANN205
        def pick(matches: Iterable[CueMatch]) -> list[CueMatch]:
            return [m for m in matches if segment.start <= m.start and m.end <= segment.end]
        return pick

    def _verb_cues(self, segment: Segment) -> list[CueMatch]:
        found = self.cues.find(segment.folded, FG.Event)
        found += self.cues.find(segment.folded, FG.Signature)
        for prop in (FG.party, FG.destination, FG.origin, FG.location):
            found += self.cues.find(segment.folded, prop=prop)
        return found

    # -- documents ----------------------------------------------------------------------------

    def documents(self, segment: Segment, visit: Fact | None, areas: set[URIRef]
                  ) -> list[Fact]:
        sentence, out = segment.sentence, []
        signing = self.cues.find(segment.folded, FG.Signature, start=segment.start,
                                 end=segment.end)
        for start, end in titles(segment, self.lang):
            found = self.cues.find(segment.folded, FG.Document, start=start, end=end)
            if not found:
                continue
            best = max(found, key=lambda c: (self.cues.depth(c.term), len(c.cue.text)))
            title = sentence.text[start:end]
            fact = self.facts.get("document", best.term, (title,), sentence)
            fact.add(FG.title, Literal(title, lang=self.lang))
            inside = [m for m in segment.mentions if start <= m.start and m.end <= end]
            if self.cues.is_a(best.term, FG.Agreement):
                parties = self._parties(segment, visit, exclude=inside)
                if len(parties) < 2:
                    del self.facts.facts[fact.key]
                    continue
                for party in parties:
                    fact.add(FG.party, self.place(party, sentence))
                names = "与".join(p.place.surface for p in parties) if self.lang == "zh" \
                    else " – ".join(p.place.surface for p in parties)
                fact.labels.setdefault(self.lang, f"{names}《{title}》" if self.lang == "zh"
                                       else f"{names}: {title}")
                if segment.date is not None and signing:
                    fact.add(FG.signedOn, segment.date.literal)
                if visit is not None and visit.value(FG.destination) is not None:
                    fact.add(FG.signedAt, visit.value(FG.destination))
                for area in sorted(areas):
                    fact.add(FG.cooperationArea, area)
                if signing:
                    self.signatures(segment, fact, parties, signing[0])
                if visit is not None:
                    visit.add(FG.resultedIn, fact)
                out.append(fact)
            else:
                fact.labels.setdefault(self.lang, f"《{title}》" if self.lang == "zh"
                                       else title)
                if inside:
                    fact.add(FG.appliesTo, self.place(inside[0], sentence))
                if segment.date is not None:
                    fact.add(FG.date, segment.date.literal)
        return out

    def _parties(self, segment: Segment, visit: Fact | None, exclude: list[Mention]
                 ) -> list[Mention]:
        places = [m for m in segment.mentions if not m.place.is_country and m not in exclude]
        subject = next((m for m in places if m is segment.subject), None)
        parties = [m for m in segment.with_role(FG.party) if m in places]
        chosen = ([subject] if subject is not None and parties else []) + parties
        if len(chosen) < 2 and visit is not None:
            ends = [m for m in places if segment.roles.get(segment.mentions.index(m))
                    in (FG.origin, FG.destination)]
            origin = self._origin(segment, places)
            chosen = [m for m in [origin, *ends] if m is not None]
        unique: list[Mention] = []
        for mention in chosen:
            if all(u.place.identity != mention.place.identity for u in unique):
                unique.append(mention)
        return unique

    def signatures(self, segment: Segment, agreement: Fact, parties: list[Mention],
                   cue: CueMatch) -> None:
        sentence = segment.sentence
        left, _ = segment.chunk(cue.start)
        people = self._people(segment, left, cue.start)
        claimed = {p[2].place.identity for p in people if p[2] is not None}
        for number, (name, roles, place) in enumerate(people, start=1):
            person = self.facts.get("person", FG.Person, (name,), sentence)
            person.labels.setdefault(self.lang, name)
            signature = self.facts.get("signature", FG.Signature,
                                       (agreement.key, name), sentence)
            signature.add(FG.signer, person)
            for role in roles:
                signature.add(FG.inRole, role)
            behalf = place
            if behalf is None:
                rest = [p for p in parties if p.place.identity not in claimed]
                behalf = rest[0] if len(rest) == 1 and len(people) == len(parties) else None
            if behalf is not None:
                signature.add(FG.onBehalfOf, self.place(behalf, sentence))
            label = f"{name}代表{behalf.place.surface}签署" if (
                behalf and self.lang == "zh") else f"Signature by {name}"
            signature.labels.setdefault(self.lang, label)
            agreement.add(FG.signature, signature)
            del number

    def _people(self, segment: Segment, start: int, end: int
                ) -> list[tuple[str, list[URIRef], Mention | None]]:
        """(name, roles, place) of the people named in ``[start, end)`` of the segment."""
        text = segment.sentence.text
        roles_found = self.cues.find(segment.folded, scheme=FGC.Role, start=start, end=end)
        out = []
        pending: list[URIRef] = []
        if self.lang == "zh":
            places = [m for m in segment.mentions if start <= m.start and m.end <= end]
            items = re.split(r"[、]", segment.folded[start:end])
            position = start
            for item in items:
                a, b = position, position + len(item)
                position = b + 1
                pending += [r.term for r in roles_found if a <= r.start and r.end <= b]
                names = [t for t in tokens(segment.folded) if a <= t.start and t.end <= b
                         and t.tag in ("nr", "nrt", "nrfg")
                         and not any(m.start < t.end and t.start < m.end for m in places)
                         and not any(r.start < t.end and t.start < r.end for r in roles_found)]
                if not names:
                    continue
                first, last = names[0], names[-1]
                run = [t for t in names if t.start >= first.start and t.end <= last.end]
                if any(x.end != y.start for x, y in zip(run, run[1:], strict=False)):
                    run = [first]
                name = text[run[0].start:run[-1].end]
                place = next((m for m in places if a <= m.start and m.end <= b), None)
                out.append((name, pending, place))
                pending = []
        else:
            for role in roles_found:
                match = _EN_NAME.match(text, role.end + 1)
                if match:
                    name = match.group().strip()
                    out.append((name, [role.term], None))
        return out

    # -- partnerships -------------------------------------------------------------------------

    def partnerships(self, segment: Segment, agreements: list[Fact], kinds: list[CueMatch],
                     statuses: list[CueMatch], visit: Fact | None) -> None:
        sentence = segment.sentence
        in_titles = [k for k in kinds if any(a <= k.start and k.end <= b
                                             for a, b in titles(segment, self.lang))]
        sentence_kinds = self.cues.find(segment.folded, FG.Partnership)
        pool = in_titles or kinds or sentence_kinds
        if not pool:
            return
        kind = max(pool, key=lambda c: (self.cues.depth(c.term), len(c.cue.text))).term
        pairs: list[tuple[Mention, Mention, Fact | None]] = []
        for agreement in agreements:
            parties: list[Mention] = []
            for mention in segment.mentions:
                fact = self.facts.facts.get(("place", mention.place.identity))
                if any(v is fact for prop, v in agreement.values if prop == FG.party) and all(
                        p.place.identity != mention.place.identity for p in parties):
                    parties.append(mention)
            if len(parties) == 2:
                pairs.append((parties[0], parties[1], agreement))
        if not agreements:
            pairs = self._party_pairs(segment)
        if not agreements and not pairs:
            subject = segment.subject
            if subject is None or subject.place.is_country:
                return
            for index, mention in enumerate(segment.mentions):
                role = segment.roles.get(index)
                if (mention is subject or mention.place.is_country
                        or mention.place.identity == subject.place.identity
                        or role in (FG.destination, FG.origin, FG.location)):
                    continue
                pairs.append((subject, mention, None))
        for first, second, agreement in pairs:
            self._partnership(segment, kind, first, second, agreement, statuses, sentence)

    def _party_pairs(self, segment: Segment) -> list[tuple[Mention, Mention, None]]:
        """"腾冲市与缅甸密支那市": in each comma-separated part, its first place and the places
        with the party role."""
        out = []
        for index, mention in enumerate(segment.mentions):
            if segment.roles.get(index) != FG.party or mention.place.is_country:
                continue
            left, right = segment.chunk(mention.start)
            first = next((m for i, m in enumerate(segment.mentions)
                          if left <= m.head and m.end <= right and i not in segment.roles
                          and not m.place.is_country), None)
            first = first or segment.subject
            if first is not None and not first.place.is_country and (
                    first.place.identity != mention.place.identity):
                out.append((first, mention, None))
        return out

    def _partnership(self, segment: Segment, kind: URIRef, first: Mention, second: Mention,
                     agreement: Fact | None, statuses: list[CueMatch],
                     sentence: Sentence) -> None:
        key = tuple(sorted((first.place.identity, second.place.identity)))
        fact = self.facts.get("partnership", kind, (str(kind), *key), sentence)
        a, b = self.place(first, sentence), self.place(second, sentence)
        fact.add(FG.partner, a)
        fact.add(FG.partner, b)
        status = self.cues.annotation(agreement.cls, FG.recordsStatus) if agreement else None
        if status is None:
            found = [s for s in statuses if s.start < segment.end] or statuses
            if found:
                status = max(found, key=lambda s: self.cues.precedence(s.term)).term
        if status is None:
            status = self.cues.default(FGC.PartnershipStatus)
            fact.note(f"The report states no status; '{self.cues.label(status, 'en')}' is "
                      "the drafter's default.")
        previous = fact.value(FG.status)
        if previous is None or self.cues.notation(status) > self.cues.notation(previous):
            fact.values = [(p, v) for p, v in fact.values if p != FG.status]
            fact.add(FG.status, status)
        level = self._level(segment, [first, second])
        if level is not None and fact.value(FG.level) is None:
            fact.add(FG.level, level)
        date_property = self.cues.annotation(status, FG.statusDate)
        if segment.date is not None and date_property is not None and (
                agreement is not None or statuses):
            fact.add(date_property, segment.date.literal)
        if agreement is not None:
            fact.add(FG.establishedBy, agreement)
        sep = "—" if self.lang == "zh" else " – "
        names = sep.join(m.place.surface for m in (first, second))
        fact.labels.setdefault(self.lang, f"{names}{self.cues.label(kind, self.lang)}"
                               if self.lang == "zh" else f"{names} {self.cues.label(kind)}")

    def _level(self, segment: Segment, partners: list[Mention]) -> URIRef | None:
        left, right = segment.chunk(partners[-1].start)
        for start, end in ((left, right), (segment.start, segment.end)):
            found = self.cues.find(segment.folded, scheme=FGC.PartnershipLevel, start=start,
                                   end=end)
            if found:
                return found[0].term
        implied = [self.cues.annotation(m.place.cls, FG.partnershipLevel) for m in partners]
        implied = [level for level in implied if level is not None]
        return max(implied, key=self.cues.notation) if implied else None

    # -- quantities ---------------------------------------------------------------------------

    def quantity(self, segment: Segment, quantity: Quantity, owner: Fact | None) -> None:
        sentence = segment.sentence
        fact = self.facts.get("quantity", FG.ReportedQuantity,
                              (sentence.index, quantity.start), sentence)
        fact.quantity = quantity
        fact.add(FG.quantityValue, Literal(_decimal(quantity.value), datatype=_DECIMAL,
                                           normalize=False))
        fact.add(FG.qualifier, quantity.qualifier)
        fact.add(FG.unit, quantity.unit)
        if quantity.period is not None:
            fact.add(FG.perPeriod, quantity.period)
        left, right = segment.chunk(quantity.start)
        measure = sentence.text[left:right].strip()
        fact.add(FG.measure, Literal(measure, lang=self.lang))
        fact.labels.setdefault(self.lang, measure)
        if self.cues.find(segment.folded, prop=FG.asOf, start=segment.start, end=segment.end):
            fact.add(FG.asOf, Literal(self.published.isoformat(), datatype=_DATE))
        elif segment.date is not None:
            fact.add(FG.during, segment.date.literal)
        if not quantity.qualified:
            fact.note("The report gives the number with no qualifier; it is taken as exact.")
        if owner is None and segment.subject is not None and not segment.subject.place.is_country:
            owner = self.place(segment.subject, sentence)
        if owner is not None:
            owner.add(FG.reportedQuantity, fact)


_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def _decimal(value) -> str:  # noqa: ANN001 - a Decimal
    """The canonical lexical form of an xsd:decimal (30000, 1.5)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def romanised(name: str) -> str | None:
    """A reading of a Chinese name in pinyin, syllables joined, capitalised ("Bikenfeierde")."""
    pinyin = romanise(name)
    if not pinyin:
        return None
    return pinyin.replace(" ", "").capitalize()


def extract_facts(article: Article, cues: Cues, published: date,
                  mentions: dict[int, list[Mention]]) -> FactSet:
    """The candidate facts of an article (see the module's docstring)."""
    return _Drafter(article, cues, published, mentions).run()
