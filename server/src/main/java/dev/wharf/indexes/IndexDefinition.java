package dev.wharf.indexes;

/** An index an administrator defined: a {@link MirrorIndex} or a {@link VirtualIndex}. */
public sealed interface IndexDefinition permits MirrorIndex, VirtualIndex {
    IndexName name();

    /** {@code mirror} or {@code virtual}, as stored and as {@code wharf admin index list} shows it. */
    String kind();
}
