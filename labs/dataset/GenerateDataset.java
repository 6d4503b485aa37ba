///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES NoaaDatasetGenerator.java
//MAIN GenerateDataset
//DESCRIPTION The offline stand-in for the workshop's noah.zip: ./jbang labs/dataset/GenerateDataset.java --out DIR

import dev.dmapworkbook.dataset.NoaaDatasetGenerator;

/** Runs the offline dataset generator alone (lab 01 uses it through labs/common/Dataset.java). */
class GenerateDataset {
    public static void main(String[] args) throws Exception {
        try {
            NoaaDatasetGenerator.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
