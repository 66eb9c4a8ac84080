package org.janseva.catalog.adapter;

/** A department names an adapter type that is not installed on this instance. */
public class UnknownAdapterTypeException extends IllegalArgumentException {

    UnknownAdapterTypeException(String type, java.util.Collection<String> installed) {
        super("No adapter type '" + type + "' is installed; installed types: " + installed);
    }
}
