"""The audit log in words: "moderator@… heeft 2 teksten afgewezen", objects as links.

Each sentence is built from escaped pieces (the actor, labels and reasons are data), so the
result is safe to show as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.themes.models import Theme

#: What an action did, as a sentence; %(actor)s and %(object)s are filled in.
SENTENCES = {
    "moderation.approve": _l("%(actor)s heeft %(object)s goedgekeurd"),
    "moderation.hide": _l("%(actor)s heeft %(object)s verborgen"),
    "moderation.reject": _l("%(actor)s heeft %(object)s afgewezen"),
    "moderation.restore": _l("%(actor)s heeft %(object)s teruggezet"),
    "moderation.redact": _l("%(actor)s heeft %(object)s gepubliceerd zonder persoonsgegevens"),
    "moderation_reason.create": _l("%(actor)s heeft %(object)s toegevoegd"),
    "moderation_reason.update": _l("%(actor)s heeft %(object)s gewijzigd"),
    "moderation_reason.delete": _l("%(actor)s heeft %(object)s verwijderd"),
    "answer.create": _l("%(actor)s heeft %(object)s gepubliceerd"),
    "answer.update": _l("%(actor)s heeft %(object)s aangepast"),
    "theme.answer": _l("%(actor)s heeft geantwoord op %(object)s"),
    "theme.rename": _l("%(actor)s heeft %(object)s een andere naam gegeven"),
    "theme.merge": _l("%(actor)s heeft een thema samengevoegd met %(object)s"),
    "theme.split": _l("%(actor)s heeft inbreng afgesplitst van %(object)s"),
    "theme.pin": _l("%(actor)s heeft %(object)s vastgezet"),
    "theme.unpin": _l("%(actor)s heeft %(object)s losgemaakt"),
    "theme.status": _l("%(actor)s heeft de status van %(object)s gewijzigd"),
    "theme.move_contribution": _l("%(actor)s heeft %(object)s naar een ander thema verplaatst"),
    "signal.acknowledge": _l("%(actor)s heeft %(object)s opgepakt"),
    "signal.dismiss": _l("%(actor)s heeft %(object)s afgewezen"),
    "consultation.create": _l("%(actor)s heeft %(object)s aangemaakt"),
    "consultation.update": _l("%(actor)s heeft %(object)s gewijzigd"),
    "consultation.open": _l("%(actor)s heeft %(object)s geopend"),
    "consultation.closed": _l("%(actor)s heeft %(object)s gesloten"),
    "consultation.archived": _l("%(actor)s heeft %(object)s gearchiveerd"),
    "area.create": _l("%(actor)s heeft %(object)s toegevoegd"),
    "area.rename": _l("%(actor)s heeft %(object)s een andere naam gegeven"),
    "area.import": _l("%(actor)s heeft kernen ingelezen voor %(object)s"),
    "export.request": _l("%(actor)s heeft een export gemaakt van %(object)s"),
    "export.open_data": _l("%(actor)s heeft de open data van %(object)s gepubliceerd"),
    "intake.create": _l("%(actor)s heeft %(object)s ingevoerd"),
    "intake.import": _l("%(actor)s heeft %(object)s ingelezen"),
    "official.invite": _l("%(actor)s heeft %(object)s uitgenodigd"),
    "official.role_change": _l("%(actor)s heeft de rol van %(object)s gewijzigd"),
    "official.disable": _l("%(actor)s heeft %(object)s uitgeschakeld"),
    "official.enable": _l("%(actor)s heeft %(object)s weer ingeschakeld"),
    "official.login": _l("%(actor)s is ingelogd"),
    "official.sso_login": _l("%(actor)s is ingelogd via de gemeente"),
    "official.sso_refused": _l("Inloggen via de gemeente is geweigerd"),
    "official.mfa_enabled": _l("%(actor)s heeft tweestapsverificatie ingesteld"),
    "municipality.create": _l("%(actor)s heeft %(object)s aangemaakt"),
    "municipality.update": _l("%(actor)s heeft de instellingen van %(object)s gewijzigd"),
    "municipality.sso": _l("%(actor)s heeft inloggen via de gemeente ingesteld voor %(object)s"),
    "municipality.branding": _l("%(actor)s heeft de huisstijl van %(object)s gewijzigd"),
    "audit.export": _l("%(actor)s heeft het auditlog gedownload"),
    "access.denied": _l("%(actor)s probeerde %(object)s te openen, zonder toegang"),
    "contribution.purge_unconfirmed": _l(
        "%(actor)s heeft niet bevestigde inbreng na de bewaartermijn verwijderd"
    ),
    "account.purge_unconfirmed": _l(
        "%(actor)s heeft niet bevestigde accounts na de bewaartermijn verwijderd"
    ),
    "vote.purge_voters_without_votes": _l(
        "%(actor)s heeft stemmers zonder account die niet stemden na de bewaartermijn verwijderd"
    ),
}
#: The noun of each kind of object.
NOUNS = {
    "contribution": _l("inbreng"),
    "reply": _l("reactie"),
    "theme": _l("thema"),
    "consultation": _l("raadpleging"),
    "signal": _l("signaal"),
    "user": _l("medewerker"),
    "officialresponse": _l("antwoord"),
    "moderationreason": _l("moderatiereden"),
    "kern": _l("kern"),
    "municipality": _l("gemeente"),
}
#: Where an official opens each kind of object.
LINKS: dict[str, Callable[[int], str]] = {
    "contribution": lambda i: url_for("moderation.item", contribution_id=i),
    "reply": lambda i: url_for("moderation.reply", reply_id=i),
    "theme": lambda i: url_for("themes.theme", theme_id=i),
    "consultation": lambda i: url_for("consultations.admin_edit", consultation_id=i),
    "signal": lambda i: url_for("signals.detail", signal_id=i),
    "user": lambda _i: url_for("officials.staff"),
    "officialresponse": lambda i: url_for("answers.edit", answer_id=i),
    "moderationreason": lambda _i: url_for("moderation.reasons"),
    "kern": lambda _i: url_for("consultations.admin_kernen"),
    "municipality": lambda _i: url_for("municipalities.settings"),
}
# Events written before the model Area was called Kern name their object "area".
NOUNS["area"] = NOUNS["kern"]
LINKS["area"] = LINKS["kern"]
#: Most objects listed under one event (a bulk decision of a whole queue page is 100).
MAX_LISTED = 100


@dataclass(frozen=True)
class ObjectLink:
    """One object an event touched, with its page."""

    label: str
    url: str | None

    def html(self) -> Markup:
        if self.url is None:
            return escape(self.label)
        return Markup('<a class="utrecht-link" href="{}">{}</a>').format(self.url, self.label)


@dataclass
class Description:
    """An audit event in words: the sentence, and the objects of a bulk action."""

    sentence: Markup
    listed: list[ObjectLink] = field(default_factory=list)
    more: int = 0


def _link(kind: str, object_id: str | int | None, labels: dict) -> ObjectLink:
    noun = str(NOUNS.get(kind, kind))
    name = labels.get((kind, str(object_id)))
    label = f"{noun} {name}" if name else f"{noun} {object_id}"
    try:
        url = LINKS[kind](int(object_id)) if kind in LINKS and object_id else None
    except (TypeError, ValueError):
        url = None
    return ObjectLink(label, url)


def _bulk_objects(event: AuditEvent) -> list[tuple[str, int]]:
    """The contributions and replies a bulk action changed, as (kind, id)."""
    details = event.details or {}
    if not isinstance(details, dict):
        return []
    pairs = [("contribution", i) for i in details.get("contribution_ids") or []]
    pairs += [("reply", i) for i in details.get("reply_ids") or []]
    return [(kind, i) for kind, i in pairs if isinstance(i, int)]


def _count_phrase(objects: list[tuple[str, int]]) -> str:
    contributions = sum(1 for kind, _i in objects if kind == "contribution")
    replies = len(objects) - contributions
    parts = []
    if contributions:
        parts.append(ngettext("%(num)d tekst", "%(num)d teksten", contributions))
    if replies:
        parts.append(ngettext("%(num)d reactie", "%(num)d reacties", replies))
    return _(" en ").join(parts)


def describe(event: AuditEvent, actors: dict[int, str], labels: dict) -> Description:
    """Return the event as a Dutch sentence with its objects as links."""
    if event.actor_id is None:
        actor = _("Het systeem")
    else:
        actor = actors.get(event.actor_id, _("medewerker %(id)s", id=event.actor_id))
    objects = _bulk_objects(event)
    listed: list[ObjectLink] = []
    if len(objects) > 1:
        thing: Markup = escape(_count_phrase(objects))
        listed = [_link(kind, i, labels) for kind, i in objects[:MAX_LISTED]]
    elif objects:
        thing = _link(*objects[0], labels).html()
    elif event.target_type:
        thing = _link(event.target_type, event.target_id, labels).html()
    else:
        thing = escape(_("iets"))
    template = SENTENCES.get(event.action)
    if template is None:
        sentence = Markup("{}: <code>{}</code>").format(actor, event.action)
        if event.target_type:
            sentence += Markup(" ({})").format(thing)
    else:
        sentence = escape(str(template)) % {"actor": actor, "object": thing}
    if event.reason:
        sentence += Markup(" ({})").format(_("reden: %(reason)s", reason=event.reason.rstrip(". ")))
    return Description(sentence + ".", listed, max(0, len(objects) - MAX_LISTED))


def object_labels(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Return readable names of the events' targets: theme labels, titles, e-mail addresses."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_type and event.target_id and event.target_id.isdigit():
            wanted.setdefault(event.target_type, set()).add(int(event.target_id))
    labels: dict[tuple[str, str], str] = {}
    sources = {
        "theme": (Theme.id, Theme.label),
        "consultation": (Consultation.id, Consultation.title),
        "user": (User.id, User.email),
    }
    for kind, (id_column, name_column) in sources.items():
        if wanted.get(kind):
            rows = db.session.execute(
                select(id_column, name_column).where(id_column.in_(wanted[kind]))
            )
            labels |= {(kind, str(i)): f"“{name}”" if kind != "user" else name for i, name in rows}
    return labels
