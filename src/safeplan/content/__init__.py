"""Content as data: YAML files shipped in this package, validated at start-up.

The modules here import nothing from Django, so that ``domain`` can use them.
"""
