"""A material's file, served safely, and the flyers the portal prints itself."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..crumbs import crumb
from ..models import Material, ProgrammeLevel


def _public_material(slug: str, **kwargs) -> Material:
    material = (
        Material.objects.filter(slug=slug, published=True, **kwargs)
        .exclude(programme__published=False)
        .select_related("programme")
        .first()
    )
    if material is None:
        raise Http404("No such material")
    return material


def material_file(request, slug):
    """The uploaded file of a published material. The file is found by the material,
    never by a name from the request; its type is the one its (checked) extension
    allows, so HTML or SVG is never served, and nothing is shown inline that is not a
    PDF, an image or a film."""
    material = _public_material(slug, rendered=False)
    kind = material.file_type
    if kind is None:
        raise Http404("The material has no file")
    try:
        handle = material.file.open("rb")
    except OSError as error:
        raise Http404("The material's file is missing") from error
    response = FileResponse(
        handle,
        as_attachment=not kind.inline,
        filename=f"{material.slug}{material.file.name[material.file.name.rfind('.') :]}",
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def flyer(request, slug):
    """A flyer printed by the portal from the programme's published content: for staff,
    what the programme is and each level's first steps; for patients and relatives, the
    plain summary and where to turn. Marked as demo content while the demo is shown."""
    material = _public_material(slug, rendered=True)
    programme = material.programme
    levels = []
    if material.for_staff:
        levels = list(
            ProgrammeLevel.objects.filter(programme=programme)
            .select_related("care_level")
            .order_by("care_level__path")
        )
        read_more = programme.get_absolute_url()
    else:
        read_more = reverse("programmes:for_you_programme", kwargs={"slug": programme.slug})
    return render(
        request,
        "programmes/flyer.html",
        {
            "material": material,
            "programme": programme,
            "levels": levels,
            "read_more": request.build_absolute_uri(read_more),
            "breadcrumbs": [
                crumb(_("Materials"), reverse("programmes:materials")),
                crumb(material.title),
            ],
        },
    )
