"""The demo that `make demo` runs works, at a small size."""

from ranvier import demo


def test_demo_runs_and_writes_picture(tmp_path, capsys):
    out = tmp_path / "raster.png"
    demo.main(["--neurons", "200", "--duration-ms", "100",
               "--output", str(out)])
    text = capsys.readouterr().out
    assert "-60. mV" in text and "DimensionMismatchError" in text
    assert "Simulated 200 neurons" in text and "spikes" in text
    assert out.stat().st_size > 1000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
