"""An analyst curates themes, acts on a signal, answers publicly and exports the council
report; a network partner sees the aggregated overview; the workspace works without JavaScript."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from dialogue.answers.models import OfficialResponse
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalStatus
from dialogue.themes.models import Theme, ThemeStatus
from tests.browser.actions import flash_message
from tests.browser.conftest import ARTIFACTS
from tests.browser.keyboard import keyboard_problems
from tests.browser.seed import Seed
from tests.browser.seed_analysis import BUS, HOUSING, THEMES, TRAFFIC, WIND, AnalysisSeed
from tests.browser.seed_analysis import seed_analysis as add_analysis_data
from tests.browser.server import LiveServer

Check = Callable[[Page, str], None]
ANSWER = (
    "Dank u wel voor uw reacties over verkeer. De gemeente zet in het voorjaar drempels "
    "terug bij de school. Ook komt er vaker controle op de snelheid in het dorp."
)
#: How long building the PDF may take (WeasyPrint on a shared, busy CPU).
EXPORT_TIMEOUT_MS = 60_000
NEW_WIND_LABEL = "Windpark en energie"
#: Reads the chart of a canvas: how many pixels are painted, and the data Chart.js plotted.
CHART_STATE = """(canvas) => {
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
    return {painted, width: canvas.width, height: canvas.height,
            labels: chart ? chart.data.labels : null,
            datasets: chart ? chart.data.datasets.filter(d => !d.kpSmall && !d.kpBand)
                .map(d => ({label: d.label, data: d.data})) : null,
            small: chart ? chart.data.datasets.filter(d => d.kpSmall)
                .map(d => d.data.map(v => v !== null)) : null,
            band: chart ? chart.data.datasets.some(d => d.kpBand) : null};
}"""
#: Controls in the page's forms that keyboard_problems did not mark as reached by Tab.
UNREACHED_FORM_CONTROLS = """() => Array.from(document.querySelectorAll(
        'main form :is(button, select, textarea, input:not([type=hidden]))'))
    .filter(el => el.dataset.kpIndex === undefined)
    .map(el => el.name || el.id || el.textContent.trim())"""
#: The weekly table as numbers: header labels and, per row, the data-value of each cell.
TABLE_VALUES = """(table) => ({
    labels: Array.from(table.querySelectorAll('thead th')).slice(1)
        .map(c => c.firstChild.textContent.trim()),
    rows: Array.from(table.querySelectorAll('tbody tr')).map(r => ({
        label: r.querySelector('th').textContent.trim(),
        data: Array.from(r.querySelectorAll('td')).map(c => {
            const v = c.getAttribute('data-value');
            return v === '' || v === null ? null : Number(v);
        }),
        small: Array.from(r.querySelectorAll('td')).map(c => c.hasAttribute('data-small'))}))
})"""


@pytest.fixture(scope="module", autouse=True)
def fresh_artifacts(request: pytest.FixtureRequest) -> None:
    """Remove this module's screenshots of earlier runs, so the folders show this run only."""
    for item in request.session.items:
        if item.module is request.module:
            shutil.rmtree(artifact_folder(item), ignore_errors=True)


def artifact_folder(item: pytest.Item) -> Path:
    """Return the folder where the check fixture saves screenshots of a test."""
    return ARTIFACTS / re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])


@pytest.fixture(scope="module")
def analysis_seed(live_server: LiveServer, seed_data: Seed) -> AnalysisSeed:
    """Add themes, a signal and the journey's accounts to the live server's database."""
    return add_analysis_data(live_server.app, seed_data.consultation_id)


def log_in_checked(
    page: Page, email: str, password: str, secret: str, check: Check | None = None
) -> None:
    """Log in through the login and code forms; check both pages when check is given."""
    page.goto("/account/inloggen")
    if check:
        check(page, "login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/account/inloggen/code"))
    if check:
        check(page, "login-code")
    page.get_by_label("Code van 6 cijfers").fill(pyotp.TOTP(secret).now())
    page.locator("main").get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/account/inloggen"))


def read_theme(live_server: LiveServer, theme_id: int) -> Theme:
    """Return a theme as the database has it now (detached)."""
    with live_server.app.app_context():
        theme = db.session.get(Theme, theme_id)
        db.session.expunge(theme)
        db.session.remove()
    return theme


@pytest.mark.needs("pango", "pdftoppm")
def test_analyst_curates_answers_and_exports(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    analysis_seed: AnalysisSeed,
    check: Check,
    request: pytest.FixtureRequest,
) -> None:
    ids = analysis_seed.theme_ids
    page = new_context(accept_downloads=True).new_page()
    log_in_checked(
        page, analysis_seed.analyst_email, seed_data.password, analysis_seed.totp_secret, check
    )

    # Themes: merge "Busverbindingen" into "Verkeer en veiligheid".
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/themas")
    check(page, "themes")
    page.get_by_role("link", name=THEMES[BUS], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THEMES[BUS])
    check(page, "theme-bus")
    # Keyboard only: Tab reaches every control in order, with visible focus, and every
    # control of the theme page's forms is among them.
    problems = keyboard_problems(page)
    assert not problems, "\n".join(problems)
    assert page.locator("main form").count() >= 6
    assert page.evaluate(UNREACHED_FORM_CONTROLS) == []
    # Each select is named by its own label (ids are unique on the page).
    for action, label in (("samenvoegen", "Samenvoegen met"), ("verplaatsen", "Naar thema")):
        expect(page.locator(f"form[action$='/{action}']").get_by_label(label)).to_have_count(1)
    merged_size = sum(read_theme(live_server, ids[key]).size for key in (BUS, TRAFFIC))
    page.get_by_label("Samenvoegen met").select_option(label=THEMES[TRAFFIC])
    page.get_by_role("button", name="Samenvoegen").click()
    expect(page).to_have_url(re.compile(f"/werkplek/themas/{ids[TRAFFIC]}$"))
    assert "samengevoegd" in flash_message(page)
    check(page, "merged")
    bus, traffic = read_theme(live_server, ids[BUS]), read_theme(live_server, ids[TRAFFIC])
    assert not bus.active and bus.merged_into_key == TRAFFIC
    assert traffic.size == merged_size
    expect(page.locator("main")).to_contain_text(f"Inbreng: {merged_size}")

    # Rename "Windpark".
    page.goto(f"/werkplek/themas/{ids[WIND]}")
    page.get_by_label("Nieuwe naam").fill(NEW_WIND_LABEL)
    page.get_by_role("button", name="Naam opslaan").click()
    assert "De naam is aangepast" in flash_message(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_WIND_LABEL)
    check(page, "renamed")
    assert read_theme(live_server, ids[WIND]).label == NEW_WIND_LABEL

    # Signal: from the list to the detail page, then acknowledge it.
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/signalen")
    check(page, "signals")
    page.locator(f"a[href$='/werkplek/signalen/{analysis_seed.signal_id}']").click()
    check(page, "signal")
    page.get_by_role("button", name="Signaal oppakken").click()
    assert "Het signaal is opgepakt" in flash_message(page)
    expect(page.get_by_role("button", name="Signaal oppakken")).to_have_count(0)
    check(page, "signal-acknowledged")
    with live_server.app.app_context():
        signal = db.session.get(Signal, analysis_seed.signal_id)
        assert signal.status == SignalStatus.ACKNOWLEDGED and signal.decided_by_id is not None
        db.session.remove()

    # Answer the theme: check readability first, then publish.
    page.get_by_role("link", name="Naar het thema om te antwoorden").click()
    expect(page).to_have_url(re.compile(f"/werkplek/themas/{ids[TRAFFIC]}$"))
    page.get_by_label("Antwoord van de gemeente").fill(ANSWER)
    page.get_by_role("button", name="Leesbaarheid controleren").click()
    hint = page.get_by_role("status").filter(has_text="Flesch-Douma")
    expect(hint).to_be_visible()
    expect(page.get_by_label("Antwoord van de gemeente")).to_have_value(ANSWER)
    check(page, "readability")
    page.get_by_role("button", name="Antwoord publiceren").click()
    assert "Uw antwoord staat nu op de openbare pagina" in flash_message(page)
    check(page, "answered")
    with live_server.app.app_context():
        response = db.session.scalar(select(OfficialResponse).filter_by(theme_key=TRAFFIC))
        assert response is not None and response.text == ANSWER
        assert db.session.get(Theme, ids[TRAFFIC]).status == ThemeStatus.ANSWERED
        db.session.remove()

    # Correct the answer afterwards: same place, marked as changed, old text in the audit log.
    corrected = ANSWER + " U hoort in april meer."
    page.get_by_role("link", name=re.compile("^Aanpassen")).first.click()
    expect(page).to_have_url(re.compile(r"/werkplek/antwoorden/\d+/wijzigen$"))
    expect(page.get_by_label("Uw antwoord")).to_have_value(ANSWER)
    check(page, "answer-edit")
    page.get_by_label("Uw antwoord").fill(corrected)
    page.get_by_role("button", name="Wijziging opslaan").click()
    assert "Het antwoord is aangepast" in flash_message(page)

    # The answer is on the public page, under the theme's name, marked as changed.
    page.goto(seed_data.consultation_path)
    answer = page.locator(".kp-answer").filter(has_text=corrected)
    expect(answer).to_be_visible()
    expect(answer).to_contain_text(f"Over het thema: {THEMES[TRAFFIC]}")
    expect(answer).to_contain_text("gewijzigd op")
    check(page, "public-answer")

    # Dashboard: Chart.js draws the chart from the table next to it.
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/dashboard")
    canvas = page.locator("canvas[data-chart-table=weekly-volume]")
    expect(canvas).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Lijngrafiek"))).to_have_count(1)
    page.wait_for_function(
        "() => typeof Chart !== 'undefined' && Chart.getChart("
        "document.querySelector('canvas[data-chart-table]'))"
    )
    chart = canvas.evaluate(CHART_STATE)
    table = page.locator("table#weekly-volume").evaluate(TABLE_VALUES)
    assert chart["painted"] > 500, chart
    assert chart["labels"] == table["labels"]
    assert chart["datasets"] == [{"label": r["label"], "data": r["data"]} for r in table["rows"]]
    # Weeks below the threshold: a marker in the "< 5" band, exactly where the table says "< 5".
    assert chart["small"] == [row["small"] for row in table["rows"]]
    assert chart["band"] == any(any(row["small"]) for row in table["rows"])
    assert THEMES[TRAFFIC] in [row["label"] for row in table["rows"]]
    check(page, "dashboard")

    # Export the council report as PDF and download it through the personal link.
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/export")
    check(page, "export")
    page.get_by_label("Bestand").select_option("pdf")
    # The PDF is built inline before the redirect to the download link (slow on a busy CPU).
    with page.expect_download(timeout=EXPORT_TIMEOUT_MS) as download_info:
        page.get_by_role("button", name="Exporteren").click(no_wait_after=True)
    download = download_info.value
    assert download.suggested_filename.endswith("-samenvatting.pdf")
    folder = artifact_folder(request.node)
    pdf = folder / "report.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    render_first_page(pdf, folder / "report-page")

    # The summary preview shows the same report in the browser.
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/samenvatting")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(THEMES[TRAFFIC])
    check(page, "summary-preview")


def render_first_page(pdf: Path, prefix: Path) -> Path:
    """Render page 1 of pdf as a PNG next to it with pdftoppm; return its path."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        timeout=30,
    )
    image = prefix.with_suffix(".png")
    assert image.stat().st_size > 1000
    return image


def test_network_partner_sees_overview_without_input_text(
    page: Page, live_server: LiveServer, seed_data: Seed, analysis_seed: AnalysisSeed, check: Check
) -> None:
    log_in_checked(page, analysis_seed.network_email, seed_data.password, analysis_seed.totp_secret)
    page.goto("/netwerk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht gemeenten")
    expect(page.locator("main")).to_contain_text(THEMES[HOUSING])
    check(page, "network")
    with live_server.app.app_context():
        texts = db.session.scalars(
            select(Contribution.text).filter_by(consultation_id=analysis_seed.consultation_id)
        ).all()
        db.session.remove()
    content = page.content()
    assert texts
    leaked = [text for text in texts if text in content or text[:40] in content]
    assert not leaked, leaked


def weekly_counts(live_server: LiveServer, consultation_id: int, key: str) -> Counter[date]:
    """Count published input of a theme per week (Monday), independent of the dashboard code."""
    with live_server.app.app_context():
        moments = db.session.scalars(
            select(Contribution.created_at).filter_by(
                consultation_id=consultation_id,
                theme_key=key,
                status=ContributionStatus.PUBLISHED,
            )
        ).all()
        db.session.remove()
    return Counter((m - timedelta(days=m.weekday())).date() for m in moments)


def test_workspace_without_javascript(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    seed_data: Seed,
    analysis_seed: AnalysisSeed,
    check: Check,
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in_checked(
        page,
        analysis_seed.no_script_analyst_email,
        seed_data.password,
        analysis_seed.totp_secret,
    )
    threshold = live_server.app.config["PRIVACY_THRESHOLD"]

    # Dashboard: without the chart, the table carries every number.
    page.goto(f"/werkplek/raadplegingen/{analysis_seed.consultation_id}/dashboard")
    check(page, "dashboard-no-js")
    expect(page.get_by_role("img", name=re.compile("Lijngrafiek"))).to_have_count(0)
    table = page.locator("table#weekly-volume")
    heads = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()][1:]
    # This week's head says it is not over yet: "30-11 (loopt nog)".
    assert [h for h in heads if not re.fullmatch(r"\d\d-\d\d", h)] in ([], [heads[-1]])
    headers = [h.removesuffix(" (loopt nog)") for h in heads]
    row = table.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=THEMES[HOUSING], exact=True)
    )
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    counts = weekly_counts(live_server, analysis_seed.consultation_id, HOUSING)
    assert len(cells) == len(headers)
    shown = dict(zip(headers, cells, strict=True))
    expected = {monday.strftime("%d-%m"): n for monday, n in counts.items()}
    assert set(expected) <= set(shown), (expected, shown)
    for header, text in shown.items():
        n = expected.get(header, 0)
        assert text == ("0" if n == 0 else str(n) if n >= threshold else f"< {threshold}"), (
            header,
            text,
            n,
        )

    # Theme page: the forms work without JavaScript.
    page.goto(f"/werkplek/themas/{analysis_seed.theme_ids[HOUSING]}")
    check(page, "theme-no-js")
    page.get_by_label("Status").select_option(label="In behandeling")
    page.get_by_role("button", name="Status opslaan").click()
    assert "De status is aangepast" in flash_message(page)
    page.get_by_role("button", name="Vastzetten").click()
    assert "blijft bij een nieuwe analyse bestaan" in flash_message(page)
    expect(page.get_by_role("button", name="Losmaken")).to_be_visible()
    page.get_by_label("Antwoord van de gemeente").fill(ANSWER)
    page.get_by_role("button", name="Leesbaarheid controleren").click()
    expect(page.get_by_role("status").filter(has_text="Flesch-Douma")).to_be_visible()
    check(page, "theme-no-js-saved")
    housing = read_theme(live_server, analysis_seed.theme_ids[HOUSING])
    assert housing.status == ThemeStatus.IN_PROGRESS and housing.pinned
