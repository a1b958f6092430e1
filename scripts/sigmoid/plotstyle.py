"""Colours and axes styling shared by every figure, for the light and the dark palette.
Backgrounds stay transparent: the page supplies them."""

THEMES = {
    "light": {"text": "#1f2328", "grid": "#d0d7de"},
    "dark": {"text": "#e6edf3", "grid": "#3d444d"},
}


def style(fig, axes, theme, labelsize=10, grid_width=0.6):
    text = THEMES[theme]["text"]
    fig.patch.set_alpha(0)
    for ax in axes:
        ax.set_facecolor("none")
        for spine in ax.spines.values():
            spine.set_color(text)
        ax.tick_params(colors=text, labelsize=labelsize)
        ax.xaxis.label.set_color(text)
        ax.yaxis.label.set_color(text)
        ax.title.set_color(text)
        ax.grid(True, color=THEMES[theme]["grid"], linewidth=grid_width)
        ax.set_axisbelow(True)


def legend(ax, theme, fontsize=10, **kw):
    box = ax.legend(frameon=False, fontsize=fontsize, **kw)
    for text in box.get_texts():
        text.set_color(THEMES[theme]["text"])
    return box
