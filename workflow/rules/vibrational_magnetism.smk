# vibrational_magnetism: "Vibrationally Induced Magnetism in Supramolecular Aggregates (Fransson)" (002_927fbc20f5d0e098.txt).
# Its tables and figures are computed by the generic rules of common.smk from the manifest
# entries papers.vibrational_magnetism in config/figures.yaml; this file names the paper's target.


rule vibrational_magnetism:
    input:
        PIPELINE.paper_files("vibrational_magnetism"),
