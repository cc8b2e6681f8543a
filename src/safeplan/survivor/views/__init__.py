"""Pages of the survivor space (under /s/), and the professional page that redeems a share code.

- ``base``: the page shell every survivor page uses (neutral title, auto-lock data) and
  ``with_space``, which opens the space a page needs;
- ``public``: pages anyone can read, with or without a space;
- ``access``: starting, opening, locking and leaving a space;
- ``space``: the pages inside a space (plan, bag, lists, settings, sharing);
- ``diary``: the diary inside a space;
- ``staff``: the professional's share code page (under /cases/).
"""
