"""Reads of contests, each owning its queries so page counts stay constant in proposals, jurors
and scores (they grow only with the number of rounds, which staff keep to a handful)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Avg, Count
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.actors import Actor
from cocreate.challenges.models import Challenge, Mode
from cocreate.challenges.selectors import challenge_for_staff, challenge_for_view
from cocreate.proposals.models import Proposal, Status, listable_q
from cocreate.reviews.models import Criterion, CriterionKind

from . import scoring
from .models import (
    Conflict,
    Contest,
    Finalist,
    JudgeScore,
    Juror,
    Prize,
    PublicVote,
    Round,
    ScoreLock,
)


def contest_of(challenge: Challenge) -> Contest:
    """The contest a contest-mode challenge runs (an unsaved one with the defaults until staff
    first change it); a 404 for a challenge in ideas mode, which has no contest pages."""
    if challenge.mode != Mode.CONTEST:
        raise Http404
    contest = Contest.objects.filter(challenge=challenge).first() or Contest(challenge=challenge)
    contest.challenge = challenge
    return contest


def contest_for_staff(*, org: str, slug: str, user: Actor, permission: str) -> Contest:
    """The door of every contest staff page (the challenge's door, then the contest)."""
    return contest_of(challenge_for_staff(org=org, slug=slug, user=user, permission=permission))


def contest_for_view(*, slug: str, user: Actor) -> Contest:
    """The contest of a challenge `user` may see; a 404 otherwise."""
    return contest_of(challenge_for_view(slug=slug, user=user))


def criteria_of(challenge: Challenge) -> list[Criterion]:
    return list(Criterion.objects.filter(challenge=challenge))


def lines_of(criteria: list[Criterion]) -> list[scoring.Line]:
    return [
        scoring.Line(c.pk, c.weight, c.kind == CriterionKind.METRIC, c.higher_is_better)
        for c in criteria
    ]


def rounds_of(contest: Contest) -> list[Round]:
    return list(contest.rounds.all()) if contest.pk else []


def jurors_of(contest: Contest) -> list[Juror]:
    return list(contest.jurors.select_related("user")) if contest.pk else []


def juror_of(contest: Contest, user: Actor) -> Juror | None:
    """`user`'s seat on the jury, if they have one."""
    if contest.pk is None or not user.is_authenticated:
        return None
    return Juror.objects.filter(contest=contest, user_id=user.pk).first()


@dataclass
class Entry:
    """A proposal in a round: its per-criterion scores (means, metrics normalised) and total."""

    proposal: Proposal
    means: dict[int, float | None]
    total: float | None


@dataclass
class Judging:
    """Where a round stands: its proposals with the jury's scores so far, and who locked."""

    round: Round
    entries: list[Entry]
    jurors: list[Juror]
    locked: set[int] = field(default_factory=set)  # ids of the jurors who locked

    @property
    def is_locked(self) -> bool:
        """Staff locked the round, or every juror locked their scores: the round is decided,
        and its authors may be shown to the jury."""
        return round_is_locked(self.round, self.jurors, self.locked)

    def has_locked(self, juror: Juror | None) -> bool:
        return juror is not None and (juror.pk in self.locked or self.round.locked_at is not None)

    def entry(self, proposal_id: int) -> Entry | None:
        return next((e for e in self.entries if e.proposal.pk == proposal_id), None)


def _metric(proposal: Proposal, name: str) -> float | None:
    value = (proposal.evaluation or {}).get("metrics", {}).get(name)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def round_is_locked(round_: Round, jurors: list[Juror], locked: set[int]) -> bool:
    return round_.locked_at is not None or bool(jurors and all(j.pk in locked for j in jurors))


@dataclass
class Jury:
    """A contest's rounds, jurors and who locked which round: what every judging page reads
    first (three queries)."""

    rounds: list[Round]
    jurors: list[Juror]
    locks: dict[int, set[int]]

    def current(self, now: datetime) -> Round | None:
        """The round judges work on: the first opened one not yet locked; else the last that
        opened; else the first."""
        opened = [r for r in self.rounds if r.opens <= now]
        waiting = (
            r for r in opened if not round_is_locked(r, self.jurors, self.locks.get(r.pk, set()))
        )
        return next(waiting, None) or (opened[-1] if opened else next(iter(self.rounds), None))

    def chosen(self, pk: int | None) -> Round | None:
        """The round a page asks for by `pk`, if it is one of this contest's, else the current."""
        return next((r for r in self.rounds if r.pk == pk), None) or self.current(timezone.now())


def jury_of(contest: Contest) -> Jury:
    if contest.pk is None:
        return Jury([], [], {})
    locks: dict[int, set[int]] = {}
    for round_id, juror_id in ScoreLock.objects.filter(round__contest=contest).values_list(
        "round", "juror"
    ):
        locks.setdefault(round_id, set()).add(juror_id)
    return Jury(list(contest.rounds.all()), jurors_of(contest), locks)


def judgings(
    contest: Contest, jury: Jury, criteria: list[Criterion], *, upto: Round
) -> list[Judging]:
    """Every round up to `upto`, in order, with its proposals and scores: the first round (or
    one without `finalists`) takes the challenge's listed proposals, a round with `finalists`
    the top ones of the round before. One query for the proposals and one per round for the
    scores."""
    pool = list(
        Proposal.objects.listable()
        .filter(challenge=contest.challenge)
        .exclude(status=Status.WITHDRAWN)
        .select_related("author")
        .defer("design", "svg")
        .order_by("pk")
    )
    lines = lines_of(criteria)
    metrics = {
        c.pk: {p.pk: v for p in pool if (v := _metric(p, c.metric)) is not None}
        for c in criteria
        if c.kind == CriterionKind.METRIC
    }
    found: list[Judging] = []
    previous: Judging | None = None
    for round_ in jury.rounds:
        if previous is not None and round_.finalists:
            chosen = scoring.top(
                {e.proposal.pk: e.total for e in previous.entries}, round_.finalists
            )
            proposals = [p for p in pool if p.pk in chosen]
        else:
            proposals = pool
        judged = {
            (row["proposal"], row["criterion"]): float(row["mean"])
            for row in JudgeScore.objects.filter(round=round_)
            .values("proposal", "criterion")
            .annotate(mean=Avg("value"))
            .order_by()
        }
        means = scoring.criterion_means([p.pk for p in proposals], lines, judged, metrics)
        entries = [Entry(p, means[p.pk], scoring.jury_total(means[p.pk], lines)) for p in proposals]
        previous = Judging(round_, entries, jury.jurors, jury.locks.get(round_.pk, set()))
        found.append(previous)
        if round_.pk == upto.pk:
            break
    return found


@dataclass
class JudgePage:
    """What a judging page shows: the round's proposals (without a juror's conflicts), the
    juror's own scores (never the others'), and whether authors may be shown yet."""

    contest: Contest
    rounds: list[Round]
    judging: Judging | None
    criteria: list[Criterion]
    juror: Juror | None
    entries: list[Entry]
    mine: dict[tuple[int, int], JudgeScore]
    conflicts: set[int]

    @property
    def revealed(self) -> bool:
        return self.judging is not None and self.judging.is_locked

    @property
    def has_locked(self) -> bool:
        return self.judging is not None and self.judging.has_locked(self.juror)

    @property
    def scored_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == CriterionKind.SCORED]

    @property
    def rows(self) -> list[tuple[Entry, int]]:
        """The proposals with how many criteria the juror has scored on each."""
        scored = self.scored_criteria
        return [(e, sum((e.proposal.pk, c.pk) in self.mine for c in scored)) for e in self.entries]


def judge_page(contest: Contest, *, user: Actor, round_pk: int | None) -> JudgePage:
    jury = jury_of(contest)
    chosen = jury.chosen(round_pk)
    criteria = criteria_of(contest.challenge)
    juror = next((j for j in jury.jurors if j.user_id == user.pk), None)
    judging = judgings(contest, jury, criteria, upto=chosen)[-1] if chosen else None
    mine: dict[tuple[int, int], JudgeScore] = {}
    conflicts: set[int] = set()
    if juror is not None and judging is not None:
        mine = {
            (s.proposal_id, s.criterion_id): s
            for s in JudgeScore.objects.filter(round=judging.round, juror=juror)
        }
        conflicts = set(Conflict.objects.filter(juror=juror).values_list("proposal", flat=True))
    entries = [e for e in judging.entries if e.proposal.pk not in conflicts] if judging else []
    return JudgePage(contest, jury.rounds, judging, criteria, juror, entries, mine, conflicts)


def judged_proposal(page: JudgePage, pk: int) -> Proposal:
    """The proposal a judge opens, with its drawing, if it is in the round and they have no
    conflict with it; a 404 otherwise."""
    if page.judging is None or page.judging.entry(pk) is None or pk in page.conflicts:
        raise Http404
    proposal: Proposal = Proposal.objects.select_related("author").get(pk=pk)
    return proposal


@dataclass
class ContestPage:
    """The staff's contest page: settings, jury, rounds, prizes, criteria and the final round
    as it stands, with the prizes and answers given so far."""

    contest: Contest
    jurors: list[Juror]
    rounds: list[Round]
    prizes: list[Prize]
    criteria: list[Criterion]
    final: Judging | None
    finalists: dict[int, Finalist]

    @property
    def standings(self) -> list[tuple[int | None, Entry, Finalist | None]]:
        """The final round's proposals, best jury total first, with what staff gave them."""
        if self.final is None:
            return []
        ranks = scoring.ranking({e.proposal.pk: e.total for e in self.final.entries})
        rows = [
            (ranks[e.proposal.pk], e, self.finalists.get(e.proposal.pk)) for e in self.final.entries
        ]
        return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0, row[1].proposal.pk))


def final_judging(contest: Contest, jury: Jury, criteria: list[Criterion]) -> Judging | None:
    """The last round as it stands: the results are its proposals."""
    return judgings(contest, jury, criteria, upto=jury.rounds[-1])[-1] if jury.rounds else None


def contest_page(contest: Contest) -> ContestPage:
    jury = jury_of(contest)
    criteria = criteria_of(contest.challenge)
    return ContestPage(
        contest,
        jury.jurors,
        jury.rounds,
        list(contest.prizes.all()) if contest.pk else [],
        criteria,
        final_judging(contest, jury, criteria),
        {f.proposal_id: f for f in contest.finalists.all()} if contest.pk else {},
    )


@dataclass
class Standing:
    """A finalist with its per-criterion means in the scorecard's order."""

    finalist: Finalist
    means: list[tuple[Criterion, float | None]]


@dataclass
class Results:
    contest: Contest
    standings: list[Standing]
    criteria: list[Criterion]

    @property
    def winners(self) -> list[Finalist]:
        """The finalists with a prize, first prize first."""
        won = [s.finalist for s in self.standings if s.finalist.prize]
        return sorted(won, key=lambda f: f.prize.position if f.prize else 0)


def results_page(contest: Contest) -> Results:
    """The published results (a 404 before they are): the final round's listed proposals by
    rank, with authors, drawings, prizes, scores and the jury's answers."""
    if contest.results_published_at is None:
        raise Http404
    criteria = criteria_of(contest.challenge)
    finalists = (
        contest.finalists.filter(listable_q("proposal__"))
        .select_related("proposal__author", "prize")
        .defer("proposal__design", "proposal__svg", "proposal__evaluation")
    )
    standings = [Standing(f, [(c, f.criteria.get(str(c.pk))) for c in criteria]) for f in finalists]
    return Results(contest, standings, criteria)


@dataclass
class Panel:
    """The contest's box on its challenge page."""

    contest: Contest
    prizes: list[Prize]
    jurors: list[Juror]
    rounds: list[Round]
    criteria: list[Criterion]
    vote_open: bool
    choices: list[Proposal]
    voted_for: int | None


def contest_panel(challenge: Challenge, *, user: Actor) -> Panel | None:
    """What a contest challenge's page says about the contest; None for an ideas challenge (no
    query)."""
    if challenge.mode != Mode.CONTEST:
        return None
    contest = contest_of(challenge)
    vote_open = contest.vote_is_open(timezone.now())
    choices: list[Proposal] = []
    voted_for = None
    if vote_open and user.is_authenticated:
        choices = list(
            Proposal.objects.listable()
            .filter(challenge=challenge)
            .exclude(status=Status.WITHDRAWN)
            .only("pk", "title")
            .order_by("title", "pk")
        )
        voted_for = (
            PublicVote.objects.filter(contest=contest, user_id=user.pk)
            .values_list("proposal", flat=True)
            .first()
        )
    return Panel(
        contest,
        list(contest.prizes.all()) if contest.pk else [],
        jurors_of(contest),
        rounds_of(contest),
        criteria_of(challenge),
        vote_open,
        choices,
        voted_for,
    )


def vote_counts(contest: Contest, proposals: list[int]) -> dict[int, int]:
    """Votes per proposal among `proposals` (zero for those nobody voted for)."""
    counts = dict.fromkeys(proposals, 0)
    rows = (
        PublicVote.objects.filter(contest=contest, proposal__in=proposals)
        .values_list("proposal")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts
