# emr_anisotropy: "Magnetic anisotropy in CdSe nanocrystal ensembles from angular-dependent EMR" (001_44705f8847786b07.txt).
# Its tables and figures are computed by the generic rules of common.smk from the manifest
# entries papers.emr_anisotropy in config/figures.yaml; this file names the paper's target.


rule emr_anisotropy:
    input:
        PIPELINE.paper_files("emr_anisotropy"),
