"""ckanext-laodata: provincial data catalog and open data portal for CKAN 2.12."""

from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-laodata",
    version="0.1.0",
    description="Provincial data catalog, delivery tracking and open data portal for CKAN",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    package_dir={"": "ckanext-laodata"},
    packages=find_namespace_packages(where="ckanext-laodata", include=["ckanext.*"]),
    namespace_packages=["ckanext"],
    include_package_data=True,
    package_data={
        "ckanext.laodata": [
            "*.yaml",
            # a link to the top-level schemas/ (their single source); the
            # build copies the files it points to into the wheel and sdist
            "schemas/*.yaml",
            "templates/**/*",
            "assets/**/*",
            # the logo and the Lao web font (public/laodata/)
            "public/**/*",
            "i18n/**/*.mo",
            "i18n-ckan/ckan.pot",
            "i18n-ckan/**/*.mo",
            "migration/**/*",
        ]
    },
    install_requires=[
        # exact pins live in requirements.txt; these are the direct needs
        "ckan>=2.12.0,<2.13",
        "luqum>=1.0,<2",
        "laonlp>=1.3,<2",
        "snowballstemmer>=3.0,<4",
        "openpyxl>=3.1,<4",
        "ckanext-dcat>=2.4,<3",
        "flask-compress>=1.17,<2",
        "pyotp>=2.9,<3",
    ],
    entry_points={
        "ckan.plugins": [
            "laodata = ckanext.laodata.plugin:LaodataPlugin",
            # the chart view of a DataStore table, loaded with the DataStore (tables/chart_view.py)
            "laodata_chart_view = ckanext.laodata.tables.chart_view:LaodataChartView",
        ],
        "ckan.rdf.profiles": [
            "laodata = ckanext.laodata.dcat.profile:LaodataDCATProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext-laodata/ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
