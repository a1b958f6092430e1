"""Which file events mean a file changed, for `mkdocs serve`'s watcher (hooks.on_serve)."""

from watchdog import events
from watchdog.observers import Observer

# inotify also reports files opened and closed unwritten: the build reads the pages, and those
# events would start a rebuild after every rebuild.
CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
           events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

# How long a rebuild waits for the next event of the same save (MkDocs's LiveReloadServer.build_delay).
SAVE_SETTLES = 0.02


class ChangesObserver(Observer):
    """The platform's native observer (inotify on Linux), told only of changes."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, **options):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                **options)
