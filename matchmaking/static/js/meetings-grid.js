// Drag a meeting of the coordinator's schedule grid onto another cell to move it. The move
// goes through the same view as the form under each meeting ("Move"), which works without
// this script; the server checks every rule and answers with an error if the cell is taken.
(function () {
    "use strict";
    const grid = document.querySelector("[data-move-grid]");
    if (!grid) return;
    const status = document.querySelector("[data-move-status]");
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    let dragged = null;

    grid.addEventListener("dragstart", (event) => {
        dragged = event.target.closest("[data-move-url]");
        if (!dragged) return;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.dataset.meeting);
        dragged.classList.add("is-dragging");
    });
    grid.addEventListener("dragend", () => {
        if (dragged) dragged.classList.remove("is-dragging");
        grid.querySelectorAll(".is-target").forEach((cell) => cell.classList.remove("is-target"));
    });
    grid.addEventListener("dragover", (event) => {
        const cell = event.target.closest("td[data-slot]");
        if (!cell || !dragged) return;
        event.preventDefault();
        cell.classList.add("is-target");
    });
    grid.addEventListener("dragleave", (event) => {
        const cell = event.target.closest("td[data-slot]");
        if (cell) cell.classList.remove("is-target");
    });
    grid.addEventListener("drop", async (event) => {
        const cell = event.target.closest("td[data-slot]");
        if (!cell || !dragged) return;
        event.preventDefault();
        const body = new FormData();
        body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
        body.append("slot", cell.dataset.slot);
        body.append("table", cell.dataset.table);
        try {
            const response = await fetch(dragged.dataset.moveUrl, {
                method: "POST",
                body,
                headers: { Accept: "application/json" },
                credentials: "same-origin",
            });
            const answer = await response.json();
            if (answer.ok) {
                window.location.reload();
                return;
            }
            announce(answer.error);
        } catch (error) {
            announce(grid.dataset.networkError);
        }
    });

    function announce(text) {
        if (!status) return window.alert(text);
        status.textContent = text;
        status.classList.remove("visually-hidden");
        status.classList.add("message", "message-error");
    }
})();
