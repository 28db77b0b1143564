# orbital_dimers: "Spontaneous orbital magnetization of mesoscopic dipole dimers" (seed 000).
# Its tables and figures are computed by the generic rules of common.smk from the manifest
# entries papers.orbital_dimers in config/figures.yaml; this file names the paper's target.


rule orbital_dimers:
    input:
        PIPELINE.paper_files("orbital_dimers"),
