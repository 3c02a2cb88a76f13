"""The decision of discipline as a DOCX document in the party's format (header of the issuing
body, number, place and date, title, the grounds, the articles, "Nơi nhận" and signature)."""

from __future__ import annotations

from io import BytesIO

from dangvien.core.documents import party_document
from dangvien.discipline.choices import Form
from dangvien.discipline.models import DisciplineCase
from dangvien.discipline.statistics import FORM_WORDS


def decision_docx(case: DisciplineCase, *, issuer: str, subject_name: str) -> bytes:
    """The decided ``case`` as the body's decision (``issuer``: the deciding body's name,
    ``subject_name``: the member's full name or the organization's name)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    decision = case.decision
    form_words = FORM_WORDS[Form(decision.form)]
    document = party_document()
    center = WD_ALIGN_PARAGRAPH.CENTER

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = center
    left.paragraphs[0].add_run(issuer.upper()).bold = True
    for text in ("*", f"Số {decision.number}"):
        paragraph = left.add_paragraph(text)
        paragraph.alignment = center
    right.paragraphs[0].alignment = center
    party = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    party.bold = True
    party.underline = True
    day = decision.decided_on
    dated = right.add_paragraph(f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    dated.alignment = center
    dated.runs[0].italic = True

    title = document.add_paragraph()
    title.alignment = center
    title.add_run("QUYẾT ĐỊNH").bold = True
    whom = "đảng viên" if case.member is not None else "tổ chức đảng"
    about = document.add_paragraph(f"về việc thi hành kỷ luật đối với {whom} {subject_name}")
    about.alignment = center
    about.runs[0].bold = True
    document.add_paragraph("-----").alignment = center
    body = document.add_paragraph()
    body.alignment = center
    body.add_run(issuer.upper()).bold = True
    for line in (
        "- Căn cứ Điều lệ Đảng;",
        "- Căn cứ Quy định số 296-QĐ/TW, ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác "
        "kiểm tra, giám sát và kỷ luật của Đảng;",
        "- Căn cứ Quy định số 69-QĐ/TW, ngày 06/7/2022 của Bộ Chính trị về kỷ luật tổ chức đảng, "
        "đảng viên vi phạm;",
        f"- Xét nội dung vi phạm: {case.violation or '…'}"
        + (f" ({case.offence})" if case.offence else "")
        + ";",
    ):
        document.add_paragraph(line)
    decides = document.add_paragraph()
    decides.alignment = center
    decides.add_run("QUYẾT ĐỊNH").bold = True
    document.add_paragraph(
        f"Điều 1. Thi hành kỷ luật bằng hình thức {form_words.upper()} đối với {whom} "
        f"{subject_name}."
    )
    document.add_paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký.")
    document.add_paragraph(
        "Điều 3. Các tổ chức đảng có liên quan và "
        + ("đồng chí " if case.member is not None else "")
        + f"{subject_name} chịu trách nhiệm thi hành quyết định này."
    )
    footer = document.add_table(rows=1, cols=2)
    receivers, signature = footer.rows[0].cells
    receivers.paragraphs[0].add_run("Nơi nhận:").underline = True
    for line in ("- Như Điều 3,", "- Lưu hồ sơ kỷ luật."):
        receivers.add_paragraph(line)
    signature.paragraphs[0].alignment = center
    signature.paragraphs[0].add_run(f"T/M {issuer.upper()}").bold = True
    out = BytesIO()
    document.save(out)
    return out.getvalue()
