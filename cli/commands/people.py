"""`yzdaily people`: who held which post, as the press named them; with --role and
--timeline, a post's holders in turn (answers/people.py).

    yzdaily people --role 扬州市长 --timeline
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.base import ReadCommand
from cli.errors import EXIT_OK
from cli.options import add_range
from cli.output import emit
from cli.read import check_range, read_warehouse
from parsers.query import QueryError

if TYPE_CHECKING:
    from answers.base import Answer


class People(ReadCommand, name="people", order=44):
    """`yzdaily people`: officeholders, or a post's timeline (answers/people.py)."""

    help = "officeholders: who held which post, as the press named them"
    description = """Each name with a post (v_officeholders): the first and last article naming
        them so, and how many stories and articles did, over the articles of --since..--until.
        With --role and --timeline: the post's holders in turn, one at a time
        (docs/ANALYTICS.md)."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--name", help="only names starting with this (张宝娟, or 张)")
        parser.add_argument(
            "--role",
            help="only this post and its variants (扬州市长: 市长, 时任市长, 原市长 ...)",
        )
        parser.add_argument(
            "--timeline",
            action="store_true",
            help="with --role of a post with one holder at a time (市长, 市委书记,"
            " 市人大常委会主任, 市政协主席, a county's or district's head): its holders in turn,"
            " one at a time, the acting post (代市长) as its own row; overlapping tenures marked"
            " as conflicts",
        )
        add_range(parser)

    def run(self, args: argparse.Namespace) -> int:
        from answers.people import (
            NotSingleHolder,
            PeopleRequest,
            TimelineRequest,
            people_answer,
            timeline_answer,
        )
        from parsers.people import role_variants

        if args.name is not None and not args.name.strip():
            raise QueryError("--name is empty: give a name or its first characters")
        if args.role is not None and not args.role.strip():
            raise QueryError("--role is empty: give a post, e.g. 市长")
        if args.timeline and args.role is None:
            raise QueryError("--timeline needs --role: the post whose holders to list, e.g. 市长")
        check_range(args.since, args.until)
        roles = None if args.role is None else tuple(role_variants(args.role))
        with read_warehouse(args) as con:
            if args.timeline:
                assert roles is not None
                try:
                    answer: Answer = timeline_answer(
                        con, TimelineRequest(roles[0], args.since, args.until)
                    )
                except NotSingleHolder as error:
                    raise QueryError(str(error)) from None
            else:
                request = PeopleRequest(args.name, args.role, roles, args.since, args.until)
                answer = people_answer(con, request)
        emit(answer, args)
        return EXIT_OK
