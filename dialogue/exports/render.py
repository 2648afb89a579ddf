"""Render a consultation summary as HTML (preview), PDF (WeasyPrint) and DOCX (python-docx)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from dialogue.contributions.models import Channel, ContributionStatus
from dialogue.exports.chart_png import weekly_volume_png
from dialogue.exports.charts import CHART_THEMES, REPORT_WEEKS, ChartText, weekly_volume_svg
from dialogue.exports.glyphs import printable
from dialogue.exports.outcomes import signal_rows
from dialogue.exports.summary import Summary
from dialogue.i18n import day
from dialogue.moderation.forms import CHANNEL_LABELS
from dialogue.signals.rule import signal_rule
from dialogue.themes.labels import contribution_status_label

#: Plain-Dutch explanation of how themes and signals are made; printed in every report.
METHODS = (
    "Kernpunt leest alle openbare inbreng en zoekt woorden die vaak samen voorkomen. "
    "Inbreng die op elkaar lijkt, komt samen in een thema. Dat gebeurt op de server van de "
    "gemeente; er gaat geen tekst naar een ander bedrijf. Medewerkers van de gemeente hebben de "
    "thema's nagekeken: zij kunnen thema's een andere naam geven, samenvoegen of splitsen. "
    "Een signaal betekent dat er over een thema in een week veel meer inbreng kwam dan "
    "normaal, of dat veel meer inbreng negatief was. Normaal is wat de weken ervoor gaven. "
    "Is er al inbreng van meer dan een jaar, dan tellen dezelfde weken van eerdere jaren "
    "ook mee. Een week geeft alleen een signaal als de stijging echt groot is: minstens "
    "{ratio} keer zo veel inbreng als normaal en minstens {excess} meer. Bij onvrede moet het "
    "deel negatieve inbreng minstens {points} procentpunten hoger zijn dan normaal. Een "
    "statistische toets moet ook laten zien dat het geen toeval is. Stijgt het vooral in één "
    "kern, dan noemt het signaal die kern. Een nieuw thema geeft de eerste {weeks} weken geen "
    "signaal. Komt een stijging elk jaar rond dezelfde tijd terug, dan staat er 'Zoals elk "
    "jaar' bij. Of inbreng negatief is, bepaalt Kernpunt met een woordenlijst; dat gaat "
    "niet altijd goed. Aantallen onder de {threshold} staan er niet in, zodat niemand "
    "herkenbaar is."
)
#: Printed under the moderation reasons in every report.
MODERATION_NOTE = (
    "Per tekst telt alleen de laatste beslissing. Inbreng die weer online staat, telt "
    "dus niet mee. Hier staan alleen de vaste redenen van de gemeente. Wat een moderator er zelf "
    "bij schreef, staat niet in dit verslag. Bij 'Andere reden' is geen vaste reden gekozen."
)
#: Alternative text and caption of the weekly chart in the Word document.
CHART_ALT = (
    "Lijngrafiek van het aantal teksten per week voor de grootste thema's. "
    "De cijfers staan in de tabel eronder."
)
CHART_CAPTION = (
    "Inbreng per week. Weken met minder dan {threshold} teksten (maar niet nul) staan als "
    "open ruit in de grijze band onderaan, zodat niemand herkenbaar is. "
    + "Elke week heet naar de maandag waarop die begint (dag-maand)."
)
#: Tagged PDF for screen readers (PDF/UA-1); needs the title and lang of report.html.
PDF_VARIANT = "pdf/ua-1"


def methods_text(threshold: int) -> str:
    """Return the report's explanation of themes and signals, with the rule's numbers."""
    return METHODS.format(threshold=threshold, **signal_rule().dutch())


def channel_label(channel: object) -> str:
    """Return the Dutch name of an input channel (its machine value if unknown)."""
    value = str(getattr(channel, "value", channel))
    try:
        return str(CHANNEL_LABELS.get(Channel(value), value))
    except ValueError:
        return value


def channel_rows(summary: Summary) -> list[tuple[str, str]]:
    """Return (channel name, shown count) rows, sorted by name."""
    return sorted((channel_label(k), summary.show(v)) for k, v in summary.by_channel.items())


def status_rows(summary: Summary) -> list[tuple[str, str]]:
    """Return (status name, shown count) rows in the order input moves through them."""
    return [
        (contribution_status_label(status), summary.show(summary.moderation[status.value]))
        for status in ContributionStatus
        if status.value in summary.moderation
    ]


def reason_rows(summary: Summary) -> list[tuple[str, str]]:
    """Return (standard reason, shown count) rows; moderators' own notes are never in them."""
    return [(label, summary.show(n)) for label, n in summary.moderation_reasons.items()]


def report_chart(summary: Summary) -> Markup | None:
    """Return the weekly chart as inline SVG in the language of the request (or None)."""
    text = ChartText(
        title=_(
            "Lijngrafiek van het aantal teksten per week voor de grootste thema's. "
            "De cijfers staan in de tabel eronder."
        ),
        description=_(
            "Inbreng per week. Weken met minder dan %(n)s teksten (maar niet nul) staan als "
            "open ruit in de grijze band onderaan, zodat niemand herkenbaar is.",
            n=summary.threshold,
        ),
        x_label=_("Week"),
        y_label=_("Aantal teksten"),
    )
    return weekly_volume_svg(summary, text)


def report_context(summary: Summary) -> dict:
    """Return the template context shared by the preview and the PDF."""
    return {
        "summary": summary,
        "chart": report_chart(summary),
        "report_weeks": REPORT_WEEKS,
        "chart_themes": CHART_THEMES,
        "signal_rows": signal_rows(summary),
        "printable": printable,
        "methods": methods_text(summary.threshold),
        "channel_rows": channel_rows(summary),
        "status_rows": status_rows(summary),
        "reason_rows": reason_rows(summary),
        "moderation_note": MODERATION_NOTE,
    }


def render_pdf(summary: Summary, path: Path) -> None:
    """Write the report as a tagged A4 PDF (PDF/UA-1)."""
    from weasyprint import HTML

    html = render_template("exports/report.html", **report_context(summary))
    static = Path(current_app.static_folder)
    HTML(string=html, base_url=str(static)).write_pdf(str(path), pdf_variant=PDF_VARIANT)


def render_docx(summary: Summary, path: Path) -> None:
    """Write the report as an editable Word document with the same content."""
    from docx import Document
    from docx.shared import Pt

    c = summary.consultation
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    # Screen readers announce the title and read the text with Dutch pronunciation.
    document.core_properties.title = f"{c.title} – {summary.municipality}"
    document.core_properties.language = "nl-NL"
    _docx_consultation(document, summary)
    _docx_participation(document, summary)
    _docx_themes(document, summary)
    _common_ground(document, summary)
    _docx_signals_and_moderation(document, summary)
    document.add_heading("Zo is dit gemaakt", level=1)
    document.add_paragraph(methods_text(summary.threshold))
    document.save(str(path))


def _docx_consultation(document, summary: Summary) -> None:
    """The title, and the section "De raadpleging": question, period, kernen."""
    c = summary.consultation
    document.add_heading(f"Samenvatting raadpleging: {c.title}", level=0)
    document.add_paragraph(
        f"Gemeente {summary.municipality} · gemaakt op {dutch_day(summary.generated_at)}"
    )
    document.add_heading("De raadpleging", level=1)
    document.add_paragraph(f"Vraag: {c.question}")
    start, end = summary.period
    document.add_paragraph(
        f"Periode: {dutch_day(start)} tot {dutch_day(end)}"
        if start and end
        else "Periode: niet vastgelegd"
    )
    if summary.kernen:
        document.add_paragraph("Kernen: " + ", ".join(summary.kernen))


def _docx_participation(document, summary: Summary) -> None:
    """The section "Deelname": totals, by channel, by kern."""
    document.add_heading("Deelname", level=1)
    document.add_paragraph(
        f"Openbare inbreng: {summary.show(summary.total)}. Deelnemers: {summary.show(summary.participants)}."
    )
    _table(document, ["Kanaal", "Inbreng"], channel_rows(summary))
    if summary.by_kern:
        _table(
            document,
            ["Kern", "Inbreng"],
            [[k, summary.show(v)] for k, v in sorted(summary.by_kern.items())],
        )


def _docx_themes(document, summary: Summary) -> None:
    """The section "Thema's": the chart, and per theme its size, quotes and answers."""
    document.add_heading("Thema's", level=1)
    _weekly_chart(document, summary)
    if not summary.themes:
        document.add_paragraph("Er zijn (nog) geen thema's gevonden.")
    for theme in summary.themes:
        document.add_heading(theme.label, level=2)
        document.add_paragraph(
            f"Inbreng: {summary.show(theme.size)} · negatief: {summary.share(theme.negative_share, theme.size)}"
        )
        for quote in theme.quotes:
            document.add_paragraph(quote, style="Intense Quote")
        for answer in theme.answers:
            edited = f", gewijzigd {dutch_day(answer.edited_at)}" if answer.edited_at else ""
            document.add_paragraph(
                f"Antwoord van de gemeente ({dutch_day(answer.created_at)}{edited}): "
                f"{printable(answer.text)}"
            )
        if not theme.answers:
            document.add_paragraph("De gemeente heeft op dit thema nog niet geantwoord.")


def _docx_signals_and_moderation(document, summary: Summary) -> None:
    """The sections "Signalen" and "Moderatie"."""
    document.add_heading("Signalen", level=1)
    if not summary.signals:
        document.add_paragraph("Er waren geen signalen van groeiende onvrede.")
    for explanation, outcome in signal_rows(summary):
        document.add_paragraph(f"{explanation} — {outcome}", style="List Bullet")
    document.add_heading("Moderatie", level=1)
    _table(document, ["Status", "Inbreng"], status_rows(summary))
    if summary.moderation_reasons:
        document.add_paragraph("Redenen om te verbergen of af te wijzen")
        _table(document, ["Reden", "Inbreng"], reason_rows(summary))
        document.add_paragraph(MODERATION_NOTE)


def _common_ground(document, summary: Summary) -> None:
    """The section "Wat verbindt, wat verdeelt": groups, shared input, divisive input."""
    view = summary.common_ground
    if view is None:
        return
    document.add_heading("Wat verbindt, wat verdeelt", level=1)
    document.add_paragraph(
        "Inwoners stemden eens, oneens of weet ik niet op elkaars inbreng. Gedeeld: in elke "
        "groep is minstens 60 procent het eens. Verdeeld: de groepen liggen 30 procentpunten "
        f"of meer uit elkaar. Groepen en aantallen onder de {summary.threshold} tonen wij niet."
    )
    if len(view.groups) < 2:
        document.add_paragraph("Er zijn te weinig stemmen om groepen te vinden.")
        return
    for group in view.groups:
        about = (
            f", vooral eens met “{printable(group.agrees_with)[:120]}”" if group.agrees_with else ""
        )
        document.add_paragraph(
            f"Groep {group.id}: {group.size} inwoners{about}", style="List Bullet"
        )
    document.add_heading("Waar alle groepen het over eens zijn", level=2)
    for statement in view.common_ground[:10]:
        document.add_paragraph(printable(statement.text), style="Intense Quote")
    if not view.common_ground:
        document.add_paragraph(
            "Er is nog geen inbreng waar elke groep het voor minstens 60 procent mee eens is."
        )
    document.add_heading("Waar de meningen verschillen", level=2)
    rows = []
    for statement in view.divisive[:10]:
        shares = dict(statement.group_shares)
        rows.append(
            [printable(statement.text)[:160]]
            + [f"{round(shares[g.id] * 100)}%" if g.id in shares else "–" for g in view.groups]
        )
    if rows:
        _table(document, ["Inbreng", *(f"Groep {g.id}" for g in view.groups)], rows)
    else:
        document.add_paragraph("De groepen verschillen nergens 30 procentpunten of meer.")


def dutch_day(value: date | datetime) -> str:
    """Write a day the way the app does, in Dutch like the rest of the Word report."""
    with force_locale("nl"):
        return day(value)


def _weekly_chart(document, summary: Summary) -> None:
    """Add the report's chart (the PDF's data, as PNG, with alt text) and its table of weeks."""
    from docx.shared import Cm

    png = weekly_volume_png(summary)
    if png is None:
        return
    picture = document.add_picture(io.BytesIO(png), width=Cm(16))
    # python-docx has no API for alternative text: set it on the drawing element itself.
    picture._inline.docPr.set("descr", CHART_ALT)
    document.add_paragraph(CHART_CAPTION.format(threshold=summary.threshold))
    weeks = summary.weeks[-REPORT_WEEKS:]
    rows = [
        [theme.label, *(summary.show(n) if n else "0" for n in theme.weekly[-REPORT_WEEKS:])]
        for theme in summary.themes[:CHART_THEMES]
    ]
    _table(document, ["Thema", *(w.strftime("%d-%m") for w in weeks)], rows)


def _table(document, header: list[str], rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light List"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
