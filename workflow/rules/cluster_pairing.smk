# cluster_pairing: "Step wise destruction of the pair correlations in micro clusters by a magnetic field" (004_f08dec9865ae63b7.txt).
# Its tables and figures are computed by the generic rules of common.smk from the manifest
# entries papers.cluster_pairing in config/figures.yaml; this file names the paper's target.


rule cluster_pairing:
    input:
        PIPELINE.paper_files("cluster_pairing"),
