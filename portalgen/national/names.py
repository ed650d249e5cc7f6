"""The names of the national sources, in the order they are fetched (the commune first: it checks
the INSEE code). Apart from :mod:`.registry`, which holds the sources themselves, so that the CLI can
offer them at every start without importing the fetching and publishing code; a test checks that
the two agree."""

SOURCE_NAMES: tuple[str, ...] = ("commune", "adresses", "budget", "elections", "datagouv")
