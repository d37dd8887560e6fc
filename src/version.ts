/** What DICOM SoftwareVersions and `--version` report; kept in step with package.json (a test checks). */
export const SOFTWARE_VERSION = 'spinebridge 0.1.0';
