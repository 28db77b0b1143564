# granular_exchange: "Influence of the Coulomb interaction on the exchange coupling in granular magnets" (003_e8b51764a7070259.txt).
# Its tables and figures are computed by the generic rules of common.smk from the manifest
# entries papers.granular_exchange in config/figures.yaml; this file names the paper's target.


rule granular_exchange:
    input:
        PIPELINE.paper_files("granular_exchange"),
