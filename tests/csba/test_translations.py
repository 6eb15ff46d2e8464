"""Every user-visible literal has a German and a Japanese translation.

The guard collects msgids the way Django itself sees them: templates are
compiled with the project's template engine and walked for ``{% translate %}``
/ ``{% trans %}`` nodes with a literal and ``{% blocktranslate %}`` blocks (the
msgid Django computes, with ``%(name)s`` placeholders and ``trimmed``); Python
files are parsed and searched for single-literal calls of ``gettext``,
``gettext_lazy``, ``gettext_noop`` and their aliases (``_``). Each msgid must
translate to something other than itself in the compiled catalogs
(locale/*/LC_MESSAGES/django.mo, built by scripts/merge_translations.py from
locale/src/*.tsv, plus Django's own catalogs).

A msgid may translate to itself on purpose (acronyms, brand names, words that
are the same in German): those are listed in IDENTICAL, per language, and
kept small.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import pytest
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse
from django.utils import translation

from sellers.models import Invitation
from sellers.services import enrollment_opt_in
from sellers.services.notifications import enrollment_notify
from tests.factories import T0, EnrollmentFactory, SellerFactory, marketplace, seller_with_user

ROOT = Path(__file__).resolve().parents[2]
APPS = ["sellers", "inquiries", "billing", "csba"]
TEMPLATE_DIRS = [ROOT / app / "templates" for app in APPS] + [ROOT / "templates"]
CHECKED_LANGUAGES = ["de", "ja", "zh-hans"]

# Same in translation on purpose. Keep this small: a word missing from a table
# is a bug, not an entry here.
IDENTICAL_EVERYWHERE = {"OK", "CSV", "API", "CSBA"}
IDENTICAL = {
    "de": IDENTICAL_EVERYWHERE
    | {"Agent", "Chat", "Name", "Service", "Standard", "Status", "System", "Text", "Ticket", "Tickets", "Version"}
    | {"in %(time)s", "Q%(quarter)s %(year)s"},
    "ja": IDENTICAL_EVERYWHERE | {"Re: %(subject)s"},  # Japanese mail keeps "Re:"
    "zh-hans": IDENTICAL_EVERYWHERE,
}

TRANSLATION_FUNCTIONS = {"gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}


# ---------------------------------------------------------------- collecting


def _template_files() -> list[Path]:
    files = []
    for folder in TEMPLATE_DIRS:
        files += sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"} and p.is_file())
    return files


def _python_files() -> list[Path]:
    files = []
    for app in APPS:
        files += sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)
    return files


def template_msgids(path: Path) -> set[str]:
    """The msgids of one template, computed by Django's own nodes."""
    template = engines["django"].from_string(path.read_text(encoding="utf-8")).template
    msgids = set()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        # TranslateNode turns a quoted constant into Variable("'...'"), whose .literal is the msgid
        literal = getattr(node.filter_expression.var, "literal", None)
        if node.message_context is None and isinstance(literal, str):
            msgids.add(str(literal))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        if node.message_context is None and not node.plural:
            singular, _vars = node.render_token_list(node.singular)
            msgids.add(singular)
    return msgids


def _translation_names(tree: ast.Module) -> set[str]:
    """Local names bound to django.utils.translation's gettext functions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in TRANSLATION_FUNCTIONS:
                    names.add(alias.asname or alias.name)
    return names


def python_msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = _translation_names(tree)
    msgids = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
            continue
        func = node.func
        is_translation = (isinstance(func, ast.Name) and func.id in names) or (
            isinstance(func, ast.Attribute)
            and func.attr in TRANSLATION_FUNCTIONS
            and isinstance(func.value, ast.Name)
            and func.value.id == "translation"
        )
        argument = node.args[0]
        if is_translation and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            msgids.add(argument.value)
    return msgids


@lru_cache(maxsize=1)
def project_msgids() -> dict[str, str]:
    """msgid -> first file it was found in (relative path)."""
    found: dict[str, str] = {}
    for path in _template_files():
        for msgid in sorted(template_msgids(path)):
            found.setdefault(msgid, str(path.relative_to(ROOT)))
    for path in _python_files():
        for msgid in sorted(python_msgids(path)):
            found.setdefault(msgid, str(path.relative_to(ROOT)))
    return found


def untranslated(language: str, msgids: dict[str, str] | None = None) -> list[str]:
    """``where: msgid`` for each msgid that the catalogs leave as it is."""
    missing = []
    with translation.override(language):
        for msgid, where in sorted((project_msgids() if msgids is None else msgids).items()):
            if not msgid.strip() or msgid in IDENTICAL[language]:
                continue
            if translation.gettext(msgid) == msgid:
                missing.append(f"{where}: {msgid!r}")
    return missing


# ---------------------------------------------------------------- the guard


def test_the_collector_sees_every_kind_of_literal():
    # given: a template and a module with each form the guard must recognise
    template = ROOT / "sellers" / "templates" / "sellers" / "enrollment_detail.html"
    module = ROOT / "sellers" / "forms.py"
    # when
    in_template = template_msgids(template)
    in_module = python_msgids(module)
    # then
    assert "Opt out" in in_template  # {% translate "..." %}
    assert "Enrollment in %(name)s" in in_template  # {% blocktranslate with name=... %}
    assert "I accept the CSBA Terms & Conditions." in in_module  # gettext_lazy as _
    assert len(project_msgids()) > 500


def test_blocktranslate_msgids_match_what_django_looks_up():
    # given: '%' in a block is doubled, variables become %(name)s, trimmed joins lines
    source = (
        "{% load i18n %}{% blocktranslate with fee=f %}at most {{ fee }}%{% endblocktranslate %}"
        "{% blocktranslate trimmed with n=x %}\n  One\n  {{ n }} two\n{% endblocktranslate %}"
    )
    template = engines["django"].from_string(source).template
    # when
    nodes = template.nodelist.get_nodes_by_type(BlockTranslateNode)
    msgids = [node.render_token_list(node.singular)[0] for node in nodes]
    # then
    assert msgids == ["at most %(fee)s%%", "One %(n)s two"]


def test_the_guard_reports_a_literal_no_table_has():
    # given
    msgids = {"Opt out": "sellers/x.html", "Status": "sellers/y.html", "A sentence no table has.": "sellers/z.py"}
    # when
    missing = {language: untranslated(language, msgids) for language in CHECKED_LANGUAGES}
    # then: "Status" is German in German (allow-listed), and in the tables for ja and zh-hans
    assert missing == {language: ["sellers/z.py: 'A sentence no table has.'"] for language in CHECKED_LANGUAGES}


@pytest.mark.parametrize("language", CHECKED_LANGUAGES)
def test_every_literal_has_a_translation(language):
    missing = untranslated(language)
    assert not missing, (
        f"{len(missing)} msgid(s) without a {language} translation "
        f"(add them to a table in locale/src/ and run scripts/merge_translations.py):\n" + "\n".join(missing)
    )


def _read_tables() -> dict[str, dict[str, str]]:
    """scripts/merge_translations.py's own reading of locale/src/*.tsv (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("merge_translations", ROOT / "scripts" / "merge_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_tables()


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def test_catalogs_are_compiled_from_the_tables():
    # a table edited without running the script leaves the catalogs behind
    for language, messages in _read_tables().items():
        po = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        compiled = dict(re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', po, flags=re.MULTILINE))
        compiled.pop("", None)
        stale = [msgid for msgid, text in messages.items() if compiled.get(_po_escape(msgid)) != _po_escape(text)]
        # Only one way: a catalog compiled while another area's table was not yet committed may hold more.
        assert not stale, f"{language}: the catalog is stale, run python3 scripts/merge_translations.py: {stale[:5]}"


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")
    wrong = []
    for language, messages in _read_tables().items():
        for msgid, text in messages.items():
            if sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(text)):
                wrong.append(f"{language}: {msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- the seller portal, rendered


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", ["Seller portal", "Enrollment", "Pending", "Opt out", "Return policy", "Status and history"]),
        (
            "de",
            [
                "Verkäuferportal",
                "Teilnahme",
                "Ausstehend",
                "Teilnahme beenden",
                "Rückgaberichtlinie",
                "Status und Verlauf",
                "Zeiten werden in Europe/Berlin angezeigt.",
            ],
        ),
        (
            "ja",
            [
                "出品者ポータル",
                "登録",
                "開始待ち",
                "登録を解除",
                "返品ポリシー",
                "ステータスと履歴",
                "時刻は Europe/Berlin で表示しています。",
            ],
        ),
        (
            "zh-hans",
            ["卖家门户", "注册", "待生效", "选择退出", "退货政策", "状态和历史记录", "时间以 Europe/Berlin 显示。"],
        ),
    ],
)
def test_the_enrollment_page_speaks_the_sellers_language(client, clock, language, expected):
    # given: a seller with a pending window in US and none elsewhere
    seller = seller_with_user(f"seller-{language}", preferred_language=language, time_zone="Europe/Berlin")
    Invitation.objects.create(seller=seller, marketplace=marketplace("US"), invited_at=clock.now)
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now)
    client.force_login(seller.user)
    # when
    response = client.get(reverse("seller:home"))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}"' in page
    for text in expected:
        assert text in page, f"{text!r} not on the {language} page"
    if language != "en":
        for english in [
            "Seller portal",
            ">Pending<",
            ">Opt in<",
            ">Opt out<",
            "Return policy",
            "Status and history",
            "Times are shown in",
        ]:
            assert english not in page, f"{english!r} left in English on the {language} page"


@pytest.mark.django_db
def test_the_activation_email_is_in_the_sellers_language(mailoutbox):
    # given
    seller = SellerFactory(name="Kyoto Crafts", preferred_language="ja", time_zone="Asia/Tokyo")
    window = EnrollmentFactory(seller=seller, trial_ends_at=T0 + timedelta(days=90))
    # when
    sent = enrollment_notify(enrollment_id=window.pk, kind="activated", now=T0)
    # then
    assert sent is True
    mail = mailoutbox[0]
    assert mail.subject == "US で Customer Service by Amazon が有効になりました"
    assert mail.body.startswith("Kyoto Crafts 様")
    assert "無料体験は" in mail.body and "登録状況：" in mail.body
    assert "Hello" not in mail.body and "Your enrollment" not in mail.alternatives[0][0]
