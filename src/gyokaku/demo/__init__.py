"""The demo dataset (サンプル): departments, people, rounds and reports for the Aomori plan.

It loads only when asked (`gyokaku demo load`, or `gyokaku run`, which calls it); never from
migrations or `gyokaku serve`. Everything is written through the real services, so the
transitions, history and audit events a reader browses are the ones the product makes.
"""
