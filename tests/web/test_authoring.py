"""Writing scenarios in the browser, through the Flask test client: who may see and change
what, versions and drafts, publishing to the dashboard, sessions keeping their text, ids
nobody shares, the CSRF token, and hostile uploads refused quickly and in little memory."""

from __future__ import annotations

import io
import re
import tracemalloc

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from game import scenario as scenarios
from game.web import create_app
from tests.test_library import HARBOUR, MISSPELT, MISSPELT_LINE

JSON = {"Accept": "application/json"}
PASSWORD = "correct horse"


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "ASYNC_MODE": "threading", "TESTING": True, "SECRET_KEY": "test"})


def token(client, path: str = "/scenarios/new") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def signed_in(app, username: str = "ada"):
    """An instructor's browser, signed in; the first instructor signs up, later ones are
    made as `plenary user create` makes them."""
    accounts = app.extensions["plenary.classroom"].accounts
    if not accounts.has_instructors() or username != "ada":
        accounts.create_instructor(username, PASSWORD)
    client = app.test_client()
    client.post("/login", data={"csrf_token": token(client, "/login"), "username": username, "password": PASSWORD})
    client.csrf = token(client)
    return client


def multipart(client, path: str, fields: dict, headers=JSON):
    """A POST as the page's script and forms send it: multipart/form-data, with the token."""
    boundary, body = encode_multipart({"csrf_token": client.csrf, **fields})
    return client.post(path, data=body, headers=headers, content_type=f"multipart/form-data; boundary={boundary}")


def post(client, path: str, headers=JSON, **fields):
    return multipart(client, path, fields, headers)


def upload(client, text: str | bytes, filename: str = "harbour.yaml"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return multipart(client, "/scenarios/new", {"start": "upload", "file": FileStorage(io.BytesIO(data), filename)}, headers={})


@pytest.fixture
def ada(app):
    client = signed_in(app)
    assert upload(client, HARBOUR).headers["Location"] == "/scenarios/harbour-talks/edit"
    return client


# --- who sees what -----------------------------------------------------------------------------

PAGES = ["/scenarios/harbour-talks/edit", "/scenarios/harbour-talks/versions/1.yaml"]
ACTIONS = ["/scenarios/harbour-talks/check", "/scenarios/harbour-talks/save", "/scenarios/harbour-talks/publish"]


def test_the_owner_sees_and_changes_their_scenario(ada):
    assert "Harbour Talks" in ada.get("/scenarios").get_data(as_text=True)
    assert ada.get(PAGES[0]).status_code == 200
    assert ada.get(PAGES[1]).get_data(as_text=True) == HARBOUR
    for path in ACTIONS:
        assert post(ada, path, text=HARBOUR).status_code == 200, path


def test_another_instructor_gets_404_for_everything_of_someone_elses(app, ada):
    grace = signed_in(app, "grace")
    assert "Harbour Talks" not in grace.get("/scenarios").get_data(as_text=True)
    for path in PAGES:
        assert grace.get(path).status_code == 404, path
    for path in ACTIONS:
        assert post(grace, path, text="id: harbour-talks\n").status_code == 404, path
    assert post(grace, "/scenarios/copy", headers={}, source="library", scenario="harbour-talks").status_code == 404
    assert [v.number for v in app.extensions["plenary.library"].versions(1, "harbour-talks")] == [1], "nothing changed"


def test_somebody_not_signed_in_is_sent_to_sign_in(app, ada):
    anonymous = app.test_client()
    for path in ["/scenarios", "/scenarios/new", *PAGES, "/scenarios/bundled/classroom-starter"]:
        response = anonymous.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    anonymous.csrf = token(anonymous, "/")
    for path in ACTIONS:
        response = post(anonymous, path, text=HARBOUR)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path


def test_bundled_scenarios_are_read_only_and_can_be_copied(app):
    client = signed_in(app)
    page = client.get("/scenarios/bundled/classroom-starter").get_data(as_text=True)
    assert re.search(r"<textarea[^>]*\breadonly\b", page) and "Copy to my scenarios" in page and 'id="publish"' not in page
    assert post(client, "/scenarios/classroom-starter/save", text="id: x\n").status_code == 404
    copied = post(client, "/scenarios/copy", headers={}, scenario="classroom-starter")
    assert copied.headers["Location"] == "/scenarios/classroom-starter-copy/edit"
    text = client.get("/scenarios/classroom-starter-copy/versions/1.yaml").get_data(as_text=True)
    assert re.search(r"^id: classroom-starter-copy$", text, re.M)
    assert post(client, "/scenarios/classroom-starter-copy/check", text=text).get_json()["ok"]


def test_a_new_scenario_from_the_skeleton_has_no_problems(app):
    client = signed_in(app)
    created = post(client, "/scenarios/new", headers={}, start="blank")
    assert created.headers["Location"] == "/scenarios/my-scenario/edit"
    text = client.get("/scenarios/my-scenario/versions/1.yaml").get_data(as_text=True)
    check = post(client, "/scenarios/my-scenario/check", text=text).get_json()
    assert (check["problems"], check["warnings"], check["publish"]["allowed"]) == ([], [], True)
    assert post(client, "/scenarios/new", headers={}, start="blank").headers["Location"] == "/scenarios/my-scenario-2/edit"


# --- checking, versions, publishing -----------------------------------------------------------


def test_the_check_gives_the_command_lines_messages_beside_their_lines(ada):
    check = post(ada, "/scenarios/harbour-talks/check", text=MISSPELT).get_json()
    with pytest.raises(scenarios.ScenarioError) as cli:
        scenarios.load_text(MISSPELT, "harbour-talks.yaml")
    assert [p["text"] for p in check["problems"]] == [str(p) for p in cli.value.problems]
    bloc = check["problems"][-1]
    assert (bloc["line"], bloc["field"], bloc["message"]) == (
        MISSPELT_LINE, "delegations[0].bloc", "'nroth' is not a bloc defined in this scenario (did you mean 'north'?)")
    assert check["publish"] == {"allowed": False, "reason": "Fix the 2 problems before publishing."}
    assert check["preview"] is None and not check["previewable"]


def test_the_preview_shows_delegations_blocs_agenda_and_briefs_and_is_sent_once(ada):
    check = post(ada, "/scenarios/harbour-talks/check", text=HARBOUR).get_json()
    shown = check["preview"]
    assert [(d["name"], d["bloc_name"], d["leads"], d["credentials"], d["m49"]) for d in shown["delegations"]] == [
        ("Norway", "Northern Group", True, "Votes and signs", "578"), ("Kenya", None, False, "Votes and signs", "404")]
    assert shown["blocs"] == [{"id": "north", "name": "Northern Group", "lead": "Norway", "members": ["NOR"]}]
    assert shown["agenda"][0]["segments"] == ["Ships ", {"bracket": "b1", "options": ["shall", "may"]}, " enter the harbour."]
    assert [b["name"] for b in shown["briefs"]] == ["Norway", "Kenya"]
    again = post(ada, "/scenarios/harbour-talks/check", text=HARBOUR, preview_of=shown["version"]).get_json()
    assert again["preview"] is None and again["previewable"], "the page already shows this text's preview"


def test_saving_changed_text_makes_a_version_and_the_same_text_is_a_no_op(ada):
    changed = HARBOUR.replace("Harbour Talks", "Harbour Talks II")
    saved = post(ada, "/scenarios/harbour-talks/save", text=changed).get_json()
    assert saved["message"] == "Saved as version 2."
    assert saved["entry"] == {"id": "harbour-talks", "title": "Harbour Talks II", "latest": 2, "published": None, "ever_published": False}
    same = post(ada, "/scenarios/harbour-talks/save", text=changed.replace("\n", "\r\n")).get_json()
    assert same["message"] == "No changes to save: the text is version 2."
    assert [v["number"] for v in same["versions"]] == [2, 1]


def test_text_with_problems_is_kept_as_a_draft_but_not_published(app, ada):
    draft = post(ada, "/scenarios/harbour-talks/save", text=MISSPELT)
    assert draft.status_code == 200 and draft.get_json()["message"] == "Saved as version 2."
    refused = post(ada, "/scenarios/harbour-talks/publish", text=MISSPELT)
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "Version 2 has 2 problems; fix them before publishing."
    assert refused.get_json()["problems"][-1]["line"] == MISSPELT_LINE
    assert "Harbour Talks" not in ada.get("/dashboard").get_data(as_text=True), "nothing was published"
    assert ada.get("/scenarios/harbour-talks/versions/2.yaml").get_data(as_text=True) == MISSPELT


def test_publishing_offers_the_scenario_on_the_dashboard_and_sessions_keep_their_version(app, ada):
    published = post(ada, "/scenarios/harbour-talks/publish", text=HARBOUR).get_json()
    assert published["message"].startswith("Version 1 is published")
    assert published["check"]["publish"]["allowed"] is False, "nothing new to publish"
    dashboard = ada.get("/dashboard").get_data(as_text=True)
    assert "Harbour Talks" in dashboard and 'name="source" value="library"' in dashboard
    first = post(ada, "/sessions", headers={}, scenario="harbour-talks", source="library", title="Monday")
    monday = first.headers["Location"].split("/")[2]
    second_text = HARBOUR.replace("[shall | may]", "[shall | may | must]")
    assert post(ada, "/scenarios/harbour-talks/publish", text=second_text).get_json()["entry"]["published"] == 2
    tuesday = post(ada, "/sessions", headers={}, scenario="harbour-talks", source="library", title="Tuesday").headers["Location"].split("/")[2]
    sessions = app.extensions["plenary"].store
    assert sessions.get_session(monday).scenario_text == HARBOUR, "a running session keeps the text it started with"
    assert sessions.get_session(tuesday).scenario_text == second_text
    versions = post(ada, "/scenarios/harbour-talks/save", text=second_text).get_json()["versions"]
    assert [[s["title"] for s in v["sessions"]] for v in versions] == [["Tuesday"], ["Monday"]]
    assert ada.get(f"/s/{monday}/chair").status_code == 200


def test_a_session_cannot_be_made_from_an_unpublished_or_someone_elses_scenario(app, ada):
    assert post(ada, "/sessions", headers={}, scenario="harbour-talks", source="library").status_code == 404
    post(ada, "/scenarios/harbour-talks/publish", text=HARBOUR)
    grace = signed_in(app, "grace")
    assert post(grace, "/sessions", headers={}, scenario="harbour-talks", source="library").status_code == 404


# --- ids ------------------------------------------------------------------------------------


def test_an_upload_may_not_take_a_bundled_id_or_another_instructors(app, ada):
    grace = signed_in(app, "grace")
    taken = upload(grace, HARBOUR)
    assert taken.headers["Location"] == "/scenarios/harbour-talks-2/edit", "kept as a draft under a free id"
    check = post(grace, "/scenarios/harbour-talks-2/check", text=HARBOUR).get_json()
    assert [p["text"] for p in check["problems"]] == [
        "harbour-talks-2.yaml:2: id: 'harbour-talks' is taken by another instructor's scenario; choose another id"]
    bundled = HARBOUR.replace("id: harbour-talks", "id: classroom-starter")
    saved = post(grace, "/scenarios/harbour-talks-2/save", text=bundled).get_json()
    assert saved["entry"]["id"] == "harbour-talks-2"
    assert saved["check"]["problems"][0]["message"].startswith("'classroom-starter' is the id of a bundled scenario")
    renamed = post(grace, "/scenarios/harbour-talks-2/save", text=HARBOUR.replace("id: harbour-talks", "id: grace-harbour")).get_json()
    assert (renamed["entry"]["id"], renamed["edit_url"]) == ("grace-harbour", "/scenarios/grace-harbour/edit")
    assert renamed["message"] == "Saved as version 3, under its new id 'grace-harbour'."
    assert grace.get("/scenarios/harbour-talks-2/edit").status_code == 404


# --- refusals ------------------------------------------------------------------------------------


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(app, ada):
    for path in ACTIONS:
        response = ada.post(path, data={"text": MISSPELT}, headers=JSON)
        assert response.status_code == 400, path
    response = ada.post("/scenarios/new", data={"start": "blank"})
    assert response.status_code == 400
    library = app.extensions["plenary.library"]
    assert [e.id for e in library.entries(1)] == ["harbour-talks"]
    assert [v.number for v in library.versions(1, "harbour-talks")] == [1]


class Endless(io.RawIOBase):
    """A request body of `size` bytes that exists only as it is read, and counts what is."""

    def __init__(self, size: int) -> None:
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence] + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        n = max(0, min(len(buffer), self.size - self.position))
        buffer[:n] = b"a" * n
        self.position += n
        self.read_bytes += n
        return n


def peak_memory(action) -> tuple[object, int]:
    """What `action()` returns and the most memory it held at once (bytes, tracemalloc)."""
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("path", "headers"), [("/scenarios/new", {}), ("/scenarios/harbour-talks/check", JSON)])
def test_a_10_megabyte_upload_is_refused_from_its_length_before_it_is_read(ada, path, headers):
    size = 10 * 1_000_000
    ada.get("/scenarios")  # warm up: templates compiled, connections opened

    def send():
        body = Endless(size)
        response = ada.post(path, input_stream=body, content_length=size, headers=headers,
                            content_type="multipart/form-data; boundary=x")
        return response, body

    (response, body), peak = peak_memory(send)
    assert response.status_code == 413
    assert "The upload is 10.0 MB; a scenario file may be at most 1 MB." in response.get_data(as_text=True)
    assert body.read_bytes == 0, "not a byte of the body was read"
    assert peak < 2_000_000, f"refusing it held {peak / 1e6:.1f} MB at once"


def test_an_upload_over_one_megabyte_but_within_the_request_limit_is_refused_in_words(ada):
    response = upload(ada, HARBOUR + "#" * 1_200_000)
    assert response.status_code == 400
    assert "The file is larger than 1 MB; a scenario file may be at most 1 MB." in response.get_data(as_text=True)
    checked = post(ada, "/scenarios/harbour-talks/check", text="#" * 1_200_000).get_json()
    assert [p["text"] for p in checked["problems"]] == [
        "harbour-talks.yaml:1: (file): the file is 1.2 MB; a scenario file may be at most 1 MB"]


def test_a_file_that_is_not_utf8_or_holds_a_nul_is_refused_in_words(ada):
    response = upload(ada, "id: x\ntitle: Sécurité\n".encode("latin-1"))
    assert response.status_code == 400
    assert "The file is not UTF-8 text; save it as UTF-8 and upload it again." in response.get_data(as_text=True)
    response = upload(ada, "id: x\ntitle: \x00\n")
    assert response.status_code == 400
    assert "Line 2 holds a NUL character (#x0000), which YAML does not allow; delete it." in response.get_data(as_text=True)


ALIAS_BOMB = "\n".join(
    ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"l{i}: &l{i} [{','.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 12)]) + "\n"
HOSTILE = {
    "alias-bomb": (ALIAS_BOMB, "harbour-talks.yaml:1: l0: aliases and anchors are not allowed in scenario files"),
    "python-object": ("id: harbour-talks\ntitle: !!python/object/apply:os.system [echo owned]\n",
                      "harbour-talks.yaml:2: title: the tag '!!python/object/apply:os.system' is not allowed in scenario files; write plain values"),
    "deep-nesting": ("id: harbour-talks\nhistory: " + "[" * 5000 + "]" * 5000 + "\n",
                     "harbour-talks.yaml:2: history" + "[0]" * 19 + ": nesting deeper than 20 levels is not allowed in scenario files"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_yaml_is_refused_by_the_check_with_the_loaders_words_in_little_memory(ada, kind):
    text, expected = HOSTILE[kind]
    post(ada, "/scenarios/harbour-talks/check", text=HARBOUR)  # warm up
    response, peak = peak_memory(lambda: post(ada, "/scenarios/harbour-talks/check", text=text))
    assert [p["text"] for p in response.get_json()["problems"]] == [expected]
    assert peak < 5_000_000, f"checking it held {peak / 1e6:.1f} MB at once"
    saved = post(ada, "/scenarios/harbour-talks/save", text=text).get_json()
    assert saved["message"] == "Saved as version 2." and saved["check"]["problems"][0]["text"] == expected
    refused = post(ada, "/scenarios/harbour-talks/publish")
    assert refused.status_code == 422
