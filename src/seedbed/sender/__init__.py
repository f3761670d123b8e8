"""Tools for senders: the judge pointed the other way (docs/senders.md).

- ``aim``: rank people by how well an offer meets their needs, quote the evidence, and list
  whom a message would spam.
- ``check``: how a recipient's side would judge a draft, with feedback per criterion that
  points at sentences (``claims`` traces what a draft says about them to their own data).
- ``pacing``: acceptance, invitations to withdraw, weekly volume and people not to invite
  again, from the owner's own export; an SVG chart for the web page.
- ``profiles``: the people written to, from a JSONL/JSON profile file or the store.

Modules are imported one by one (``from seedbed.sender.aim import aim``): this package
imports nothing itself, so the command line loads numpy and the model only when needed.
Must not import: typer, rich, the CLI or the web layer.
"""
