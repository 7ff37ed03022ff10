"""Open data in, with its source kept: key figures from Kolada (and, through the same
interface, other open sources) imported per municipality or region and year, shown beside
the country and chosen comparison municipalities."""
