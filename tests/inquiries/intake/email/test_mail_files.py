"""iter_mail_files: one .eml file, a folder of .eml files, a Maildir."""

import pytest

from inquiries.intake.email_parsing import iter_mail_files


def test_a_single_file_is_read_whatever_its_name(tmp_path):
    path = tmp_path / "message.txt"
    path.write_bytes(b"From: a@example.com\r\n\r\nhi\r\n")
    assert list(iter_mail_files(str(path))) == [(str(path), b"From: a@example.com\r\n\r\nhi\r\n")]


def test_a_folder_gives_its_eml_files_by_name_and_nothing_else(tmp_path):
    for name in ["b.eml", "a.EML", "notes.txt", ".hidden.eml"]:
        (tmp_path / name).write_bytes(name.encode())
    (tmp_path / "sub.eml").mkdir()
    assert [(name.rsplit("/", 1)[1], raw) for name, raw in iter_mail_files(str(tmp_path))] == [
        ("a.EML", b"a.EML"),
        ("b.eml", b"b.eml"),
    ]


def test_a_maildir_gives_new_then_cur_in_name_order_and_skips_tmp(tmp_path):
    for sub in ("new", "cur", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1700000002.M2P1.host").write_bytes(b"2")
    (tmp_path / "new" / "1700000001.M1P1.host").write_bytes(b"1")
    (tmp_path / "cur" / "1600000000.M0P1.host:2,S").write_bytes(b"0")
    (tmp_path / "tmp" / "1700000003.M3P1.host").write_bytes(b"in delivery")
    names = [name.split(str(tmp_path) + "/", 1)[1] for name, _ in iter_mail_files(str(tmp_path))]
    assert names == ["new/1700000001.M1P1.host", "new/1700000002.M2P1.host", "cur/1600000000.M0P1.host:2,S"]


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(iter_mail_files(str(tmp_path / "nope")))
