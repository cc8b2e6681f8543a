"""Static files under content-hashed names, compressed, so browsers may cache them for a year.

WhiteNoise's CompressedManifestStaticFilesStorage hashes each file named through {% static %},
but a JavaScript module's own imports ("./govuk-frontend.min.js") would still name the
unhashed file, which WhiteNoise can only serve with a short cache lifetime. Django rewrites
module imports when asked (support_js_module_import_aggregation), for *.js only: our modules
are *.mjs, so their imports are rewritten the same way.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _, module_patterns = self._js_module_import_aggregation_patterns
        patterns: tuple[Any, ...] = ManifestStaticFilesStorage.patterns
        self.patterns = (*patterns, ("*.mjs", module_patterns))
        super().__init__(*args, **kwargs)
