package dev.wharf.web.manage;

import java.util.Map;

/**
 * What a page needs to show a refused form again: which form, the refusal message to put next to
 * it, and the values typed, so nobody types them twice.
 */
public record FormState(String form, String error, Map<String, String> values) {
    public static final FormState NONE = new FormState("", "", Map.of());

    public FormState {
        values = Map.copyOf(values);
    }

    public boolean failed(String name) {
        return form.equals(name) && !error.isEmpty();
    }

    public String value(String name, String field) {
        return form.equals(name) ? values.getOrDefault(field, "") : "";
    }
}
