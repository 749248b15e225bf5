"""Interoperability adapters: FHIR R4 (through `fhir.resources.R4B`) and CDS Hooks 2.0."""
