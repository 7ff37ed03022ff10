"""Materialised paths read without a query (`care_levels/trees.py`), as every tree of the
portal uses them."""

from care_levels.trees import ancestor_paths, numbered, parent_path


def test_a_paths_parent_and_ancestors_come_from_the_path_itself():
    assert parent_path("000100020003", 4) == "00010002"
    assert parent_path("0001", 4) == ""
    assert ancestor_paths("000100020003", 4) == ["0001", "00010002"]
    assert ancestor_paths("0001", 4) == []


def test_nodes_are_numbered_in_reading_order_among_their_siblings():
    paths = ["0001", "00010001", "00010002", "000100020001", "0002", "00020001"]

    assert numbered(paths, 4) == {
        "0001": "1",
        "00010001": "1.1",
        "00010002": "1.2",
        "000100020001": "1.2.1",
        "0002": "2",
        "00020001": "2.1",
    }


def test_a_node_under_a_node_not_shown_is_left_out_and_its_siblings_close_up():
    # 0001 0002 is hidden (unpublished, say): what hangs under it has no number, and the
    # next sibling takes its place.
    paths = ["0001", "00010001", "000100020001", "00010003"]

    assert numbered(paths, 4) == {"0001": "1", "00010001": "1.1", "00010003": "1.2"}
