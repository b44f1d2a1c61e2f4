package dev.migrator.core.internal.schema;

import dev.migrator.api.Callback;
import dev.migrator.api.CallbackEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The callbacks of one target by event: its callback files in location order, then the callbacks given in code. */
public final class TargetCallbacks {

    static final TargetCallbacks NONE = new TargetCallbacks(new EnumMap<>(CallbackEvent.class));

    private final Map<CallbackEvent, List<LoadedScript>> byEvent;

    private TargetCallbacks(Map<CallbackEvent, List<LoadedScript>> byEvent) {
        this.byEvent = byEvent;
    }

    static TargetCallbacks of(List<LoadedScript> files, List<Callback> code, String connection) {
        if (files.isEmpty() && code.isEmpty()) {
            return NONE;
        }
        Map<CallbackEvent, List<LoadedScript>> byEvent = new EnumMap<>(CallbackEvent.class);
        for (LoadedScript file : files) {
            byEvent.computeIfAbsent(eventNamed(file.name()), e -> new ArrayList<>()).add(file);
        }
        for (CallbackEvent event : CallbackEvent.values()) {
            for (Callback callback : code) {
                byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(LoadedScript.callback(event, callback, connection));
            }
        }
        byEvent.replaceAll((e, list) -> List.copyOf(list));
        return new TargetCallbacks(byEvent);
    }

    /** The event of a callback file's name ({@code beforeMigrate}); discovery only keeps files named after one. */
    private static CallbackEvent eventNamed(String name) {
        for (CallbackEvent e : CallbackEvent.values()) {
            if (e.fileName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("No callback event is named " + name);
    }

    /** The callbacks of {@code event}, in the order they run. */
    List<LoadedScript> of(CallbackEvent event) {
        return byEvent.getOrDefault(event, List.of());
    }

    /** Whether any callback runs on {@code event}. */
    boolean any(CallbackEvent event) {
        return byEvent.containsKey(event);
    }
}
