package dev.wharf.indexes;

import java.util.HashSet;
import java.util.List;

/**
 * Members (the hosted projects as {@code hosted}, and mirrors) served as one index, in order.
 *
 * @param protect name patterns served from the hosted projects only, besides every hosted name
 */
public record VirtualIndex(IndexName name, List<IndexName> members, List<ProjectPattern> protect)
        implements IndexDefinition {
    public VirtualIndex {
        if (name.isHosted()) {
            throw IndexException.badRequest("\"hosted\" names the hosted projects; choose another name");
        }
        members = List.copyOf(members);
        protect = List.copyOf(protect);
        if (members.isEmpty()) {
            throw IndexException.badRequest("A virtual index needs at least one member, e.g. --virtual hosted,pypi");
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw IndexException.badRequest("A virtual index lists each member once");
        }
        if (members.contains(name)) {
            throw IndexException.badRequest("A virtual index cannot be its own member");
        }
    }

    @Override
    public String kind() {
        return "virtual";
    }

    /** Whether a normalized name matches one of the administrator's protected patterns. */
    public boolean protects(String normalizedName) {
        return protect.stream().anyMatch(pattern -> pattern.matches(normalizedName));
    }
}
